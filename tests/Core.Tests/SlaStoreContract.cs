using Huduma.Contact.Core.Sla;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Tests;

/// <summary>SLA deadlines on both stores: a breach is taken, and counted, once however many hosts sweep.</summary>
public abstract class SlaStoreContract
{
    // 10:00 in Nairobi, whole milliseconds as Redis keeps the times.
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2031, 7, 14, 7, 0, 0, TimeSpan.Zero));
    protected abstract ISlaStore Store { get; }
    /// <summary>Another host's view of the same store (Redis, its own connection), or the same store (memory: one process).</summary>
    protected abstract ISlaStore AnotherHost { get; }

    private static string Reference() => "HK" + Guid.NewGuid().ToString("N")[..8];
    // A channel of each test's own, so the day's counts are the test's alone.
    private static string Channel() => "ch-" + Guid.NewGuid().ToString("N")[..6];
    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().AddHours(3).DateTime);

    [Fact]
    public async Task A_breach_is_taken_by_exactly_one_of_many_sweepers_and_counted_once()
    {
        var (late, onTime, channel) = (Reference(), Reference(), Channel());
        await Store.WatchAsync(late, channel, Clock.GetUtcNow().AddMinutes(2));
        await Store.WatchAsync(onTime, channel, Clock.GetUtcNow().AddMinutes(30));
        Assert.DoesNotContain(await Store.TakeBreachedAsync(), b => b.Reference == late);

        Clock.Advance(TimeSpan.FromMinutes(3));
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? Store : AnotherHost).TakeBreachedAsync())));
        var taken = Assert.Single(sweeps.SelectMany(s => s), b => b.Channel == channel);
        Assert.Equal(new SlaBreach(late, channel, Clock.GetUtcNow().AddMinutes(-1)), taken);
        Assert.Equal(1, (await AnotherHost.BreachesAsync(Today, Today))[channel]);
        var (overdue, count) = await AnotherHost.OverdueAsync();
        Assert.Contains(overdue, o => o.Reference == late);
        Assert.DoesNotContain(overdue, o => o.Reference == onTime);
        Assert.True(count >= 1);
    }

    [Fact]
    public async Task A_ticket_taken_by_an_agent_is_neither_overdue_nor_breached_and_one_back_in_the_queue_is_not_counted_twice()
    {
        var (claimed, released, channel) = (Reference(), Reference(), Channel());
        await Store.WatchAsync(claimed, channel, Clock.GetUtcNow().AddMinutes(2));
        await Store.WatchAsync(released, channel, Clock.GetUtcNow().AddMinutes(2));
        await AnotherHost.UnwatchAsync(claimed);
        Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal([released], (await Store.TakeBreachedAsync()).Where(b => b.Channel == channel).Select(b => b.Reference));

        // Claimed late (no longer overdue), then released: waiting again past its deadline, but its breach was counted.
        await Store.UnwatchAsync(released);
        Assert.DoesNotContain((await Store.OverdueAsync()).Tickets, o => o.Reference == released);
        await AnotherHost.WatchAsync(released, channel, Clock.GetUtcNow().AddMinutes(-1));
        Assert.DoesNotContain(await Store.TakeBreachedAsync(), b => b.Reference == released);
        Assert.Contains((await Store.OverdueAsync()).Tickets, o => o.Reference == released);
        Assert.Equal(1, (await Store.BreachesAsync(Today, Today))[channel]);
    }

    [Fact]
    public async Task Breaches_count_on_the_Nairobi_day_they_were_seen_and_sum_over_days()
    {
        var channel = Channel();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await Store.WatchAsync(Reference(), channel, Clock.GetUtcNow().AddSeconds(30));
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Store.TakeBreachedAsync();
        }
        Clock.Advance(TimeSpan.FromDays(1));
        await Store.WatchAsync(Reference(), channel, Clock.GetUtcNow().AddSeconds(30));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await AnotherHost.TakeBreachedAsync();

        Assert.Equal(2, (await Store.BreachesAsync(Today.AddDays(-1), Today.AddDays(-1)))[channel]);
        Assert.Equal(1, (await Store.BreachesAsync(Today, Today))[channel]);
        Assert.Equal(3, (await AnotherHost.BreachesAsync(Today.AddDays(-7), Today))[channel]);
        Assert.False((await Store.BreachesAsync(Today.AddDays(1), Today.AddDays(2))).ContainsKey(channel));
    }
}

public sealed class InMemorySlaStoreTests : SlaStoreContract
{
    public InMemorySlaStoreTests() => Store = new InMemorySlaStore(Clock);
    protected override ISlaStore Store { get; }
    protected override ISlaStore AnotherHost => Store;
}

public sealed class RedisSlaStoreTests : SlaStoreContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly ConnectionMultiplexer _second;

    public RedisSlaStoreTests(RedisServer redis)
    {
        Store = new RedisSlaStore(redis.Connection, Clock);
        _second = ConnectionMultiplexer.Connect(redis.ConnectionString);
        AnotherHost = new RedisSlaStore(_second, Clock);
    }

    protected override ISlaStore Store { get; }
    protected override ISlaStore AnotherHost { get; }
    public void Dispose() => _second.Dispose();
}
