using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

/// <summary>The reminder queue and ledger: one contract, both backends (the queue is global, so each test starts it empty).</summary>
public abstract class ReminderStoreContract
{
    protected abstract IReminderStore Store { get; }
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 7, 0, 0, TimeSpan.Zero);
    private static DueReminder R(int i, int sequence = 0) => new($"national_id:{10_000_000 + i}", sequence);

    [Fact]
    public async Task A_lease_takes_only_what_is_due_oldest_first_and_only_once()
    {
        await Store.ScheduleAsync(R(1), T0.AddMinutes(-1));
        await Store.ScheduleAsync(R(2), T0.AddMinutes(-5));
        await Store.ScheduleAsync(R(3), T0.AddMinutes(1));
        var leased = await Store.LeaseAsync(T0, 10, T0.AddMinutes(5));
        Assert.Equal([R(2), R(1)], leased);
        Assert.Empty(await Store.LeaseAsync(T0, 10, T0.AddMinutes(5)));
        Assert.Equal(new ReminderQueueCounts(0, 1, 2, 0), await Store.CountAsync(T0));
        Assert.Equal([R(3)], await Store.LeaseAsync(T0.AddMinutes(2), 10, T0.AddMinutes(7)));
    }

    [Fact]
    public async Task Concurrent_leases_share_the_due_reminders_without_overlap()
    {
        for (var i = 0; i < 300; i++) await Store.ScheduleAsync(R(i), T0.AddSeconds(-i));
        var taken = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<DueReminder>();
            while ((await Store.LeaseAsync(T0, 7, T0.AddMinutes(5))) is { Count: > 0 } batch) mine.AddRange(batch);
            return mine;
        })));
        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Distinct().Count());
    }

    [Fact]
    public async Task An_expired_lease_is_taken_back_and_a_live_one_is_not()
    {
        await Store.ScheduleAsync(R(1), T0);
        await Store.ScheduleAsync(R(2), T0);
        await Store.LeaseAsync(T0, 1, T0.AddMinutes(5));
        await Store.LeaseAsync(T0.AddMinutes(3), 1, T0.AddMinutes(8));
        Assert.Empty(await Store.ReclaimAsync(T0.AddMinutes(4), 10, T0.AddMinutes(9)));
        Assert.Equal([R(1)], await Store.ReclaimAsync(T0.AddMinutes(6), 10, T0.AddMinutes(11)));
        Assert.Empty(await Store.ReclaimAsync(T0.AddMinutes(7), 10, T0.AddMinutes(12)));
    }

    [Fact]
    public async Task A_claim_is_won_once_however_many_try_and_again_only_after_a_failure()
    {
        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Store.TryClaimAsync(R(1), $"sms{i}", T0))));
        Assert.Equal([1], wins.Where(w => w is not null));
        var record = await Store.GetRecordAsync(R(1));
        Assert.Equal(ReminderMark.Sending, record?.Mark);
        Assert.Equal(1, record?.Attempts);

        await Store.SetRecordAsync(R(1), record! with { Mark = ReminderMark.Sent });
        Assert.Null(await Store.TryClaimAsync(R(1), "again", T0));
        await Store.SetRecordAsync(R(1), record with { Mark = ReminderMark.Failed, Note = "refused" });
        Assert.Equal(2, await Store.TryClaimAsync(R(1), "retry", T0.AddMinutes(15)));
        var retried = await Store.GetRecordAsync(R(1));
        Assert.Equal((ReminderMark.Sending, 2, "retry", T0.AddMinutes(15)), (retried!.Mark, retried.Attempts, retried.SmsId, retried.At));
    }

    [Fact]
    public async Task Finishing_queues_the_next_reminder_and_a_document_has_one_queued_at_a_time()
    {
        await Store.ScheduleAsync(R(1), T0);
        Assert.True(await Store.IsQueuedAsync(R(1).DocumentKey));
        var leased = await Store.LeaseAsync(T0, 10, T0.AddMinutes(5));
        await Store.FinishAsync(leased[0], R(1, 1), T0.AddDays(7));
        Assert.True(await Store.IsQueuedAsync(R(1).DocumentKey));
        Assert.Equal(new ReminderQueueCounts(0, 1, 0, 0), await Store.CountAsync(T0));

        // Queuing another for the same document replaces it.
        await Store.ScheduleAsync(R(1, 2), T0.AddDays(30));
        Assert.Equal(new ReminderQueueCounts(0, 1, 0, 0), await Store.CountAsync(T0));
        Assert.Equal([R(1, 2)], await Store.LeaseAsync(T0.AddDays(31), 10, T0.AddDays(32)));
        await Store.FinishAsync(R(1, 2), null, default);
        Assert.False(await Store.IsQueuedAsync(R(1).DocumentKey));
    }

    [Fact]
    public async Task A_held_reminder_waits_aside_until_released_once()
    {
        await Store.ScheduleAsync(R(1), T0);
        await Store.LeaseAsync(T0, 10, T0.AddMinutes(5));
        await Store.HoldAsync(R(1));
        Assert.Equal([R(1)], await Store.HeldAsync(10));
        Assert.Empty(await Store.ReclaimAsync(T0.AddHours(1), 10, T0.AddHours(2)));
        Assert.Equal(new ReminderQueueCounts(0, 0, 0, 1), await Store.CountAsync(T0));
        Assert.True(await Store.ReleaseHeldAsync(R(1)));
        Assert.False(await Store.ReleaseHeldAsync(R(1)));
        Assert.False(await Store.IsQueuedAsync(R(1).DocumentKey));
    }

    [Fact]
    public async Task Postponing_gives_a_leased_reminder_back_due_later()
    {
        await Store.ScheduleAsync(R(1), T0);
        await Store.LeaseAsync(T0, 10, T0.AddMinutes(5));
        await Store.PostponeAsync(R(1), T0.AddHours(1));
        Assert.Empty(await Store.LeaseAsync(T0.AddMinutes(30), 10, T0.AddMinutes(35)));
        Assert.Empty(await Store.ReclaimAsync(T0.AddMinutes(30), 10, T0.AddMinutes(35)));
        Assert.Equal([R(1)], await Store.LeaseAsync(T0.AddHours(1), 10, T0.AddHours(2)));
    }
}

public sealed class InMemoryReminderStoreTests : ReminderStoreContract
{
    protected override IReminderStore Store { get; } = new InMemoryReminderStore();
}

public sealed class RedisReminderStoreTests(RedisServer redis) : ReminderStoreContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    protected override IReminderStore Store { get; } = new RedisReminderStore(redis.Connection);

    // Tests in a class run one at a time: start each with an empty queue and ledger.
    public Task InitializeAsync() => ClearAsync(redis);
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Empties the queue (every bucket, and the old one-slot keys) and the ledger, on every primary of the deployment.</summary>
    public static async Task ClearAsync(IRedisTopology redis)
    {
        await redis.DeleteKeysAsync(RedisStateStore.Namespace + "{reminders*");
        await redis.DeleteKeysAsync(RedisStateStore.Namespace + "reminder:*");
    }

    [Fact]
    public async Task Reminders_queued_under_the_old_one_slot_layout_are_moved_into_the_buckets_and_swept()
    {
        var db = redis.Connection.GetDatabase();
        var t0 = new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero);
        // What a host of the previous version left: one due, one leased by a sweeper that died, one held.
        const string old = "huduma:{reminders}:";
        await db.SortedSetAddAsync(old + "due", "national_id:30000001#0", t0.AddMinutes(-1).ToUnixTimeMilliseconds());
        await db.SortedSetAddAsync(old + "leased", "national_id:30000002#1", t0.AddMinutes(-2).ToUnixTimeMilliseconds());
        await db.SetAddAsync(old + "held", "national_id:30000003#0");
        foreach (var (document, member) in new[] { ("national_id:30000001", "#0"), ("national_id:30000002", "#1"), ("national_id:30000003", "#0") })
            await db.HashSetAsync(old + "docs", document, document + member);

        var store = new RedisReminderStore(redis.Connection);
        Assert.Equal(3, await store.MoveOneSlotLayoutAsync());
        Assert.Equal(0, await store.MoveOneSlotLayoutAsync());
        foreach (var name in new[] { "due", "leased", "held", "docs" }) Assert.False(await db.KeyExistsAsync(old + name), name);

        Assert.Equal(new ReminderQueueCounts(1, 0, 1, 1), await store.CountAsync(t0));
        Assert.Equal([new DueReminder("national_id:30000001", 0)], await store.LeaseAsync(t0, 10, t0.AddMinutes(5)));
        Assert.Equal([new DueReminder("national_id:30000002", 1)], await store.ReclaimAsync(t0, 10, t0.AddMinutes(5)));
        Assert.Equal([new DueReminder("national_id:30000003", 0)], await store.HeldAsync(10));
        Assert.True(await store.IsQueuedAsync("national_id:30000002"));
        Assert.True(await store.ReleaseHeldAsync(new DueReminder("national_id:30000003", 0)));
        Assert.False(await store.IsQueuedAsync("national_id:30000003"));
    }
}
