using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

public sealed class DailyCountersTests
{
    private sealed class CountingStore(IStateStore inner) : StateStoreDecorator(inner)
    {
        public int Increments;
        public override Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Increments);
            return base.IncrementAsync(key, ttl, ct);
        }
    }

    [Fact]
    public async Task A_campaigns_reminders_sent_are_gathered_and_reach_the_store_in_one_write_a_counter_at_the_flush()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero));
        var store = new CountingStore(new InMemoryStateStore(clock));
        using var counters = new DailyCounters(store, clock);
        using var elsewhere = new DailyCounters(store, clock);
        var stats = new Huduma.Contact.Core.Reminders.CampaignStats(store, counters);
        for (var i = 0; i < 50; i++) await stats.JoinAsync($"national_id:{30_000_000 + i}", "c1");

        for (var i = 0; i < 50; i++) await stats.ReminderSentAsync($"national_id:{30_000_000 + i}");
        Assert.Equal(0, store.Increments); // no write to a campaign-wide key per reminder
        Assert.Equal(50, (await stats.TotalsAsync("c1"))[Huduma.Contact.Core.Reminders.CampaignStats.Sent]);

        await counters.FlushAsync();
        var seenElsewhere = new Huduma.Contact.Core.Reminders.CampaignStats(store, elsewhere);
        Assert.Equal(50, (await seenElsewhere.TotalsAsync("c1"))[Huduma.Contact.Core.Reminders.CampaignStats.Sent]);
        Assert.Equal(50, (await seenElsewhere.DaysAsync("c1", counters.Today, counters.Today)).Single().Sent);
    }

    [Fact]
    public async Task Counts_are_read_at_once_reach_the_store_at_the_next_flush_and_are_kept_by_nairobi_day()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 20, 30, 0, TimeSpan.Zero)); // 23:30 in Nairobi
        var store = new InMemoryStateStore(clock);
        using var counters = new DailyCounters(store, clock);
        using var elsewhere = new DailyCounters(store, clock); // another host, reading the same store
        var today = new DateOnly(2026, 11, 27);

        for (var i = 0; i < 3; i++) await counters.CountAsync(DailyCounters.RemindersSent);
        Assert.Equal([3L], await counters.DaysAsync(DailyCounters.RemindersSent, today, today)); // this host's own, not yet flushed
        Assert.Equal([0L], await elsewhere.DaysAsync(DailyCounters.RemindersSent, today, today));
        clock.Advance(DailyCounters.FlushEvery);
        await counters.FlushAsync(); // the timer's flush may still be running: this one waits its turn or finds nothing left
        Assert.Equal([3L], await elsewhere.DaysAsync(DailyCounters.RemindersSent, today, today));
        Assert.Equal([3L], await counters.DaysAsync(DailyCounters.RemindersSent, today, today)); // not counted twice

        clock.Advance(TimeSpan.FromMinutes(31)); // past midnight in Nairobi: a new day
        await counters.CountAsync(DailyCounters.RemindersSent);
        Assert.Equal([3L, 1L], await counters.DaysAsync(DailyCounters.RemindersSent, today, today.AddDays(1)));
    }

    [Fact]
    public async Task Counts_the_store_refuses_are_kept_for_the_next_flush()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var store = new FlakyStore(new InMemoryStateStore(clock)) { Down = true };
        using var counters = new DailyCounters(store, clock);
        await counters.CountAsync("x");
        await counters.FlushAsync();
        store.Down = false;
        await counters.FlushAsync();
        Assert.Equal(1, await store.GetCountAsync("daily:x:2026-11-27"));
    }

    private sealed class FlakyStore(IStateStore inner) : StateStoreDecorator(inner)
    {
        public bool Down { get; set; }
        public override Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default) =>
            Down ? throw new InvalidOperationException("store down") : base.AddAsync(key, amount, ttl, ct);
    }
}
