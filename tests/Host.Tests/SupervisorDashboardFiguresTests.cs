using System.Net.Http.Json;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The dashboard's desk figures, read from the store's per-channel queues and day counters, equal what
/// the old computation (<see cref="OldDashboardComputation"/>) makes of the same tickets: a day and a half
/// of tickets on every channel opened, claimed, released, transferred, resolved, withdrawn and rated at
/// random, compared again and again as it goes (across midnight in Nairobi, so some tickets made
/// yesterday are resolved today and some resolved yesterday are rated today).
/// </summary>
public abstract class SupervisorDashboardFiguresContract
{
    /// <summary>A store of the test's own (no other test's tickets), telling the time by <paramref name="clock"/>.</summary>
    protected abstract IEscalationStore WithClock(TimeProvider clock);
    protected abstract IStateStore State(TimeProvider clock);

    [Fact]
    public async Task The_desks_figures_equal_the_old_computation_over_a_day_and_a_half_of_varied_tickets()
    {
        // 16:00 in Nairobi on 19 May 2031; whole seconds apart, as averages of whole seconds round alike however summed.
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 19, 13, 0, 0, TimeSpan.Zero));
        var store = WithClock(clock);
        var desk = new EscalationDesk(store, clock);
        using var daily = new DailyCounters(State(clock), clock);
        var random = new Random(23);
        string[] channels = ["chat", "sms", "ussd", "voice"];
        string[] agents = ["amina", "otieno", "wanjiru"];
        var references = new List<string>();
        var keys = new List<string>();
        var comparisons = 0;
        T Any<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        for (var step = 0; step < 500; step++)
        {
            if (step % 25 == 24) { await CompareAsync(); comparisons++; }
            clock.Advance(TimeSpan.FromSeconds(random.Next(1, 240)));
            var action = random.Next(100);
            if (action < 30 || references.Count == 0)
            {
                var channel = Any(channels);
                // Now and then the same request again (a provider's retry): the same ticket, not a second one.
                var key = keys.Count > 0 && random.Next(10) == 0 ? Any(keys) : "k" + step;
                keys.Add(key);
                var ticket = await store.CreateAsync(new NewEscalation(channel, "+254722000" + random.Next(100, 999), "en", "callback", [], IdempotencyKey: key));
                if (!references.Contains(ticket.Reference)) references.Add(ticket.Reference);
                for (var c = random.Next(1, 4); c > 0; c--) await daily.CountAsync(DailyCounters.ConversationsStarted(channel));
                continue;
            }
            var reference = Any(references);
            var held = (await store.GetAsync(reference))!;
            var agent = held.Agent ?? Any(agents);
            _ = action switch
            {
                < 52 => await desk.ClaimAsync(reference, Any(agents)),
                < 58 => await desk.ReleaseAsync(reference, agent),
                < 62 => await desk.TransferAsync(reference, agent, Any(agents)),
                < 80 => await desk.ResolveAsync(reference, agent, random.Next(2) == 0 ? "answered" : "called-back"),
                < 88 => await desk.WithdrawAsync(reference),
                _ => await desk.RateAsync(reference, random.Next(1, 6)),
            };
        }
        await CompareAsync();

        async Task CompareAsync()
        {
            var (today, now) = (daily.Today, clock.GetUtcNow());
            var expected = await OldDashboardComputation.DeskFiguresAsync(store, daily, today, now);
            var actual = await SupervisorDashboard.DeskFiguresAsync(store, daily, today, now, default);
            Assert.Equal(expected.Now, actual.Now);
            Assert.Equal(expected.Today, actual.Today);
            Assert.Equal(expected.RatingCounts, actual.RatingCounts);
        }

        // The walk went where the figures are made: both days, every kind of figure.
        Assert.Equal(new DateOnly(2031, 5, 20), daily.Today);
        var last = await OldDashboardComputation.DeskFiguresAsync(store, daily, daily.Today, clock.GetUtcNow());
        Assert.True(last.Now.Sum(c => c.Waiting) > 0 && last.Now.Sum(c => c.Claimed) > 0, "tickets waiting and held at the end");
        Assert.True(last.Today.Count(c => c.Resolved > 0) >= 3 && last.Today.Sum(c => c.Withdrawn) > 0 && last.Today.Sum(c => c.Ratings) > 1,
            "handled on three channels or more, withdrawn, rated today");
        var resolvedToday = await store.ListResolvedAsync(new DateTimeOffset(2031, 5, 20, 0, 0, 0, DailyCounters.Nairobi));
        Assert.Contains(resolvedToday, t => t.CreatedAt < new DateTimeOffset(2031, 5, 20, 0, 0, 0, DailyCounters.Nairobi));
        Assert.True(comparisons >= 15);
    }
}

public sealed class InMemorySupervisorDashboardFiguresTests : SupervisorDashboardFiguresContract
{
    protected override IEscalationStore WithClock(TimeProvider clock) => new InMemoryEscalationStore(clock);
    protected override IStateStore State(TimeProvider clock) => new InMemoryStateStore(clock);
}

public sealed class RedisSupervisorDashboardFiguresTests(RedisServer redis) : SupervisorDashboardFiguresContract, IClassFixture<RedisServer>
{
    protected override IEscalationStore WithClock(TimeProvider clock) => new RedisEscalationStore(redis.Connection, clock);
    protected override IStateStore State(TimeProvider clock) => new RedisStateStore(redis.Connection);
}

/// <summary>What a dashboard load costs Redis does not grow with the tickets waiting.</summary>
public sealed class SupervisorDashboardCostTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task The_dashboard_reads_no_more_from_redis_with_thousands_of_tickets_waiting_than_with_a_few()
    {
        await using var host = HudumaHost.OnRedis(redis);
        var store = host.Services.GetRequiredService<IEscalationStore>();
        await host.Services.GetRequiredService<AccountStore>().SaveAsync("mwangi", Roles.Supervisor, "mwangi's password");
        var supervisor = StaffClient.Create(host);
        await supervisor.SignInAsync("mwangi", "mwangi's password");
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServers().Single();

        async Task<(long Bytes, DashboardFigures Figures)> LoadAsync()
        {
            // The least of three loads: Hangfire's beats and the like write now and then beside it.
            var least = long.MaxValue;
            DashboardFigures figures = null!;
            for (var i = 0; i < 3; i++)
            {
                var before = await SentAsync();
                figures = (await supervisor.Http.GetFromJsonAsync<DashboardFigures>("/agents/api/dashboard"))!;
                least = Math.Min(least, await SentAsync() - before);
            }
            return (least, figures);
        }
        async Task<long> SentAsync() =>
            long.Parse((await server.InfoAsync("stats")).SelectMany(g => g).Single(kv => kv.Key == "total_net_output_bytes").Value);
        async Task OpenAsync(int count) =>
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
                await store.CreateAsync(new NewEscalation(i % 2 == 0 ? "sms" : "ussd", $"+2547{20_000_000 + i}", "en", "callback", ["main:4"]), ct));

        await OpenAsync(20);
        await LoadAsync(); // scripts loaded, connections warm
        var few = await LoadAsync();
        await OpenAsync(3_000);
        var many = await LoadAsync();

        Assert.Equal(3_020, many.Figures.Now.Sum(c => c.Waiting));
        Assert.True(many.Bytes < few.Bytes + 4_096, $"a load read {few.Bytes} bytes from Redis with 20 tickets waiting and {many.Bytes} with 3,020");
    }
}

/// <summary>Phone calls today on the dashboard: counted as they end, not read back from the call log.</summary>
public sealed class SupervisorDashboardCallsTests
{
    [Fact]
    public async Task Calls_today_are_counted_however_many_the_call_log_keeps_and_not_yesterdays()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 18, 0, 0, TimeSpan.Zero)); // 21:00 in Nairobi
        await using var host = new HudumaHost(new Dictionary<string, string?>()) { Overrides = s => s.AddSingleton<TimeProvider>(clock) };
        var log = host.Services.GetRequiredService<Huduma.Contact.Voice.VoiceCallLog>();
        await log.RecordAsync("twilio", "CA-yesterday", "+254722000903", "completed", 30);
        clock.Advance(TimeSpan.FromHours(6)); // 03:00 the next day

        // More calls today than the log keeps (its last 10,000).
        for (var i = 0; i < 10_001; i++)
            await log.RecordAsync(i % 2 == 0 ? "twilio" : "africastalking", $"call-{i}", "+254722000904", i % 3 == 0 ? "busy" : "completed", i % 3 == 0 ? null : 10 + i % 5);
        var figures = await SupervisorDashboard.FiguresAsync(host.Services.GetRequiredService<IEscalationStore>(), host.Services.GetRequiredService<DailyCounters>(),
            log, clock, default);

        Assert.Equal(10_001, figures.Voice.Calls);
        Assert.Equal(3_334, figures.Voice.ByStatus["busy"]);
        Assert.Equal(6_667, figures.Voice.ByStatus["completed"]);
        var timed = Enumerable.Range(0, 10_001).Where(i => i % 3 != 0).Select(i => 10.0 + i % 5).ToList();
        Assert.Equal(Math.Round(timed.Average(), 1), figures.Voice.AverageSeconds);
        Assert.Equal(0, figures.Voice.Transferred);
    }
}
