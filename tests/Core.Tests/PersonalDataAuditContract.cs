using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

/// <summary>The audit of staff views of personal data on both stores: kept whole per day, read back by range, newest first.</summary>
public abstract class PersonalDataAuditContract
{
    protected static readonly AuditOptions Options = new() { RetentionDays = 30 };
    protected readonly FakeTimeProvider Clock = new(DateTimeOffset.UtcNow);
    private protected abstract IPersonalDataAuditStore Store { get; }

    private static PersonalDataView View(DateTimeOffset at, string who = "wanjiru", string subject = "HK000001") =>
        new(Guid.NewGuid().ToString("N"), at, who, PersonalDataKinds.Transcript, subject, Via: "console");

    private DateOnly Today => NairobiDay.Of(Clock.GetUtcNow());
    private DateTimeOffset NoonOf(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), NairobiDay.Offset);

    [Fact]
    public async Task More_than_ten_thousand_views_in_one_day_are_all_kept_and_read_back_newest_first()
    {
        var day = Today.AddDays(-2);
        const int count = 10_050;
        var written = Enumerable.Range(0, count).Select(i => View(NoonOf(day).AddMilliseconds(i), subject: $"HK{i:D6}")).ToList();
        foreach (var batch in written.Chunk(500)) await Task.WhenAll(batch.Select(v => Store.AddAsync(v)));

        var read = new List<PersonalDataView>();
        for (var skip = 0; ; skip += 1000)
        {
            var page = await Store.ReadAsync(day, day, skip, 1000);
            Assert.Equal(count, page.Total);
            if (page.Entries.Count == 0) break;
            read.AddRange(page.Entries);
        }
        Assert.Equal(written.AsEnumerable().Reverse().Select(v => v.Id), read.Select(v => v.Id));
        Assert.Equal(written[^1], read[0]);
    }

    [Fact]
    public async Task Views_within_one_millisecond_read_back_newest_first()
    {
        // A reveal right after an opening: their ids ordered against their times, so only the time can order them.
        var day = Today.AddDays(-6);
        var opened = View(NoonOf(day)) with { Id = "b" + Guid.NewGuid().ToString("N") };
        var revealed = View(NoonOf(day).AddTicks(3_000)) with { Id = "a" + Guid.NewGuid().ToString("N"), What = PersonalDataKinds.Numbers };
        await Store.AddAsync(opened);
        await Store.AddAsync(revealed);

        Assert.Equal([revealed, opened], (await Store.ReadAsync(day, day, 0, 10)).Entries);
    }

    [Fact]
    public async Task A_range_holds_only_its_days_and_pages_run_newest_first_across_days()
    {
        var (older, middle, newer) = (Today.AddDays(-5), Today.AddDays(-4), Today.AddDays(-3));
        var views = new[] { older, middle, newer }.SelectMany(d => Enumerable.Range(0, 3).Select(i => View(NoonOf(d).AddMinutes(i)))).ToList();
        foreach (var v in views) await Store.AddAsync(v);

        var onlyMiddle = await Store.ReadAsync(middle, middle, 0, 100);
        Assert.Equal(3, onlyMiddle.Total);
        Assert.Equal(views[3..6].AsEnumerable().Reverse(), onlyMiddle.Entries);

        // The second page of two starts in the newer day and ends in the middle one.
        var page = await Store.ReadAsync(middle, newer, 2, 2);
        Assert.Equal(6, page.Total);
        Assert.Equal([views[6], views[5]], page.Entries);
        Assert.Empty((await Store.ReadAsync(Today, Today, 0, 10)).Entries);
    }

    [Fact]
    public async Task A_day_is_kept_for_the_retention_period_after_it_ended_and_no_longer()
    {
        var kept = View(NoonOf(Today.AddDays(-Options.RetentionDays)));
        var gone = View(NoonOf(Today.AddDays(-Options.RetentionDays - 1)));
        await Store.AddAsync(kept);
        await Store.AddAsync(gone);

        var page = await Store.ReadAsync(Today.AddDays(-Options.RetentionDays - 1), Today, 0, 100);
        Assert.Equal([kept], page.Entries);
        Assert.Equal(1, page.Total);
    }
}

public sealed class InMemoryPersonalDataAuditTests : PersonalDataAuditContract
{
    public InMemoryPersonalDataAuditTests() => Store = new InMemoryPersonalDataAuditStore(Options, Clock);
    private protected override IPersonalDataAuditStore Store { get; }

    [Fact]
    public async Task A_day_goes_when_the_clock_passes_its_retention()
    {
        var view = new PersonalDataView("a", Clock.GetUtcNow(), "wanjiru", PersonalDataKinds.Numbers, "HK000002", "phone");
        await Store.AddAsync(view);
        var today = NairobiDay.Of(view.At);
        Clock.Advance(TimeSpan.FromDays(Options.RetentionDays));
        Assert.Equal([view], (await Store.ReadAsync(today, today, 0, 10)).Entries);
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty((await Store.ReadAsync(today, today, 0, 10)).Entries);
    }
}

public sealed class RedisPersonalDataAuditTests(RedisServer redis) : PersonalDataAuditContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private protected override IPersonalDataAuditStore Store { get; } = new RedisPersonalDataAuditStore(redis.Connection, Options);

    // Tests in a class run one at a time: each starts with no audit days.
    public async Task InitializeAsync()
    {
        await redis.DeleteKeysAsync(RedisStateStore.Namespace + "audit:views:*");
        await redis.Connection.GetDatabase().KeyDeleteAsync(RedisPersonalDataAuditStore.RevealListKey);
    }
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_days_set_expires_when_its_retention_ends_not_sooner()
    {
        var now = DateTimeOffset.UtcNow;
        await Store.AddAsync(new PersonalDataView("b", now, "wanjiru", PersonalDataKinds.Numbers, "HK000003", "phone"));
        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(RedisPersonalDataAuditStore.Key(NairobiDay.Of(now)));
        var expected = Options.ExpiryOf(NairobiDay.Of(now)) - now;
        Assert.InRange(ttl!.Value, expected - TimeSpan.FromMinutes(1), expected);
        Assert.True(ttl.Value > TimeSpan.FromDays(Options.RetentionDays));
    }

    [Fact]
    public async Task Reveals_an_earlier_release_kept_in_its_capped_list_move_into_their_days_once()
    {
        var db = redis.Connection.GetDatabase();
        var at = DateTimeOffset.UtcNow.AddDays(-3);
        // As RevealAudit wrote them: newest first.
        foreach (var (minutes, reference) in new[] { (0, "HK000011"), (1, "HK000012") })
            await db.ListLeftPushAsync(RedisPersonalDataAuditStore.RevealListKey,
                $$"""{"at":"{{at.AddMinutes(minutes):O}}","agent":"wanjiru","reference":"{{reference}}","field":"phone"}""");
        var store = (RedisPersonalDataAuditStore)Store;
        Assert.Equal(2, await store.MoveRevealListAsync());
        // A host stopped before deleting the list moves it again: still one entry each.
        await db.ListLeftPushAsync(RedisPersonalDataAuditStore.RevealListKey,
            $$"""{"at":"{{at.AddMinutes(1):O}}","agent":"wanjiru","reference":"HK000012","field":"phone"}""");
        Assert.Equal(1, await store.MoveRevealListAsync());

        Assert.False(await db.KeyExistsAsync(RedisPersonalDataAuditStore.RevealListKey));
        var day = NairobiDay.Of(at);
        var page = await Store.ReadAsync(day.AddDays(-1), day.AddDays(1), 0, 10);
        Assert.Equal([("HK000012", "phone"), ("HK000011", "phone")], page.Entries.Select(e => (e.Subject, e.Detail)));
        Assert.All(page.Entries, e => Assert.Equal(("wanjiru", PersonalDataKinds.Numbers), (e.Who, e.What)));
    }
}
