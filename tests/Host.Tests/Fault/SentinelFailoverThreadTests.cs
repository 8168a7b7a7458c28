using System.Collections.Concurrent;
using System.Diagnostics;
using Huduma.Contact.TestSupport;
using Xunit.Abstractions;

namespace Huduma.Contact.Host.Tests.Fault;

/// <summary>
/// A host on Sentinel whose thread pool is left as .NET sizes it (one thread per core to start with), its
/// primary SIGKILLed: while the sentinels fail over, nothing in the host may hold a pool thread waiting on
/// Redis, so a request that needs no Redis answers at once throughout, and USSD writes to the promoted
/// replica as soon as it is promoted.
/// </summary>
[Collection(Fleet.FleetCollection.Name)]
public sealed class SentinelFailoverThreadTests(ITestOutputHelper output)
{
    private const string CallbackSecret = "sentinel-threads-callback";
    /// <summary>
    /// A pool thread free within this long: far above a loopback request, and below what held pool threads cost (the
    /// pool injects about one thread a second; StackExchange.Redis's Sentinel mode held requests 9–12 s). 500 ms
    /// once failed at 871 ms in a full run of every test project on a 2-core machine, with no thread held.
    /// </summary>
    private static readonly TimeSpan Answered = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task A_host_on_sentinel_with_the_default_thread_pool_answers_at_once_through_a_failover_and_writes_to_the_promoted_replica_within_a_second()
    {
        var sentinel = new RedisSentinelServers();
        await sentinel.InitializeAsync();
        try
        {
            await using var at = await AfricasTalkingApiSimulator.StartAsync();
            var settings = ProductionSettings.OnAfricasTalking(sentinel.ConnectionString, at, CallbackSecret, "sentinel-threads-direct-line");
            settings["DOTNET_PROCESSOR_COUNT"] = "2"; // the pool a two-core machine starts with, whatever this one has
            await using var host = await HostProcess.StartReadyAsync(settings);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var live = new ConcurrentQueue<(DateTimeOffset At, TimeSpan Took)>();
            var ussd = new ConcurrentQueue<(DateTimeOffset At, TimeSpan Took, bool Ok)>();
            using var stop = new CancellationTokenSource();
            var probes = Task.WhenAll(ProbeAsync(async () =>
            {
                using var response = await http.GetAsync($"{host.BaseUrl}/health/live");
                return response.IsSuccessStatusCode;
            }, (at, took, _) => live.Enqueue((at, took)), stop.Token), ProbeAsync(async () =>
            {
                // A new session's first hop writes the session: CON when Redis takes writes, the polite END when not.
                using var response = await http.PostAsync($"{host.BaseUrl}/ussd/africastalking?token={CallbackSecret}", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["sessionId"] = "ATUid_" + Guid.NewGuid().ToString("N"), ["serviceCode"] = "*384*1919#",
                    ["phoneNumber"] = $"+2547302{Random.Shared.Next(100_000):D5}", ["networkCode"] = "63902", ["text"] = "",
                }));
                return (await response.Content.ReadAsStringAsync()).StartsWith("CON");
            }, (at, took, ok) => ussd.Enqueue((at, took, ok)), stop.Token));

            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True(ussd.All(u => u.Ok), "USSD answers before the kill");
            var killedAt = DateTimeOffset.UtcNow;
            await sentinel.KillPrimaryAsync();
            var promotedAt = await sentinel.WaitForPromotionAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(5));
            stop.Cancel();
            await probes;

            var slowest = live.Where(l => l.At >= killedAt).MaxBy(l => l.Took);
            var lastFailure = ussd.Where(u => !u.Ok).Select(u => (DateTimeOffset?)u.At).Max();
            var slowestUssd = ussd.Where(u => u.At >= killedAt).MaxBy(u => u.Took);
            output.WriteLine($"promotion {(promotedAt - killedAt).TotalSeconds:F1} s after the kill");
            output.WriteLine($"/health/live: slowest {slowest.Took.TotalMilliseconds:F0} ms, at kill+{(slowest.At - killedAt).TotalSeconds:F1} s");
            output.WriteLine($"USSD: slowest {slowestUssd.Took.TotalMilliseconds:F0} ms at kill+{(slowestUssd.At - killedAt).TotalSeconds:F1} s; last failure {(lastFailure is { } f ? $"{(f - promotedAt).TotalSeconds:F1} s after the promotion" : "none")}");
            foreach (var second in ussd.Where(u => u.At >= killedAt).GroupBy(u => (int)(u.At - killedAt).TotalSeconds))
                output.WriteLine($"  kill+{second.Key} s: USSD {second.Count(u => u.Ok)} CON, {second.Count(u => !u.Ok)} END, slowest {second.Max(u => u.Took).TotalMilliseconds:F0} ms; live slowest {live.Where(l => (int)(l.At - killedAt).TotalSeconds == second.Key).Select(l => l.Took.TotalMilliseconds).DefaultIfEmpty().Max():F0} ms");

            Assert.True(slowest.Took < Answered, $"/health/live took {slowest.Took.TotalMilliseconds:F0} ms during the failover: the host's pool threads were held");
            Assert.True(slowestUssd.Took < Answered, $"a USSD hop took {slowestUssd.Took.TotalMilliseconds:F0} ms during the failover");
            Assert.True(lastFailure is not { } last || last - promotedAt <= TimeSpan.FromSeconds(1),
                $"USSD still failing {(lastFailure!.Value - promotedAt).TotalSeconds:F1} s after the promotion");
        }
        finally { await sentinel.DisposeAsync(); }
    }

    /// <summary>Sends a request every 50 ms (each on its own, so a slow one does not hold back the next) until stopped.</summary>
    private static async Task ProbeAsync(Func<Task<bool>> request, Action<DateTimeOffset, TimeSpan, bool> record, CancellationToken stop)
    {
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            running.Add(Task.Run(async () =>
            {
                var at = DateTimeOffset.UtcNow;
                var watch = Stopwatch.StartNew();
                bool ok;
                try { ok = await request(); }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { ok = false; }
                record(at, watch.Elapsed, ok);
            }));
            try { await Task.Delay(50, stop); } catch (OperationCanceledException) { }
        }
        await Task.WhenAll(running);
    }
}
