using Huduma.Contact.TestSupport;
using Xunit.Abstractions;

using static Huduma.Contact.Host.Tests.Eventually;

namespace Huduma.Contact.Host.Tests.Fault;

/// <summary>
/// Two host processes serving a steady mix (USSD sessions and web chats whose requests alternate between
/// the hosts, inbound SMS retried as providers retry, a reminder campaign swept by both) when a Redis
/// primary is SIGKILLed: first under Sentinel, then in a cluster. Redis promotes a replica, and then every
/// channel answers normally again within seconds, no acknowledged SMS is lost, and nothing is sent twice.
/// </summary>
[Collection(Fleet.FleetCollection.Name)]
public sealed class FailoverUnderLoadTests(ITestOutputHelper output)
{
    private const string CallbackSecret = "failover-callback-secret";
    private const string DirectLineSecret = "failover-direct-line";
    private const int Reminders = 300;
    /// <summary>
    /// How soon after the promotion every channel must answer normally again in this test: a bound that holds
    /// on a busy two-core CI machine. The target (5 s) is measured by the failover benchmark, not here.
    /// </summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10);
    private static readonly string[] Channels = ["ussd", "sms", "chat"];

    [Fact]
    public async Task A_sentinel_primary_killed_under_load_loses_nothing_acknowledged_sends_nothing_twice_and_every_channel_comes_back()
    {
        var sentinel = new RedisSentinelServers();
        await sentinel.InitializeAsync();
        try
        {
            await RunAsync(sentinel, async () =>
            {
                await sentinel.KillPrimaryAsync();
                return await sentinel.WaitForPromotionAsync(TimeSpan.FromSeconds(30));
            });
        }
        finally { await sentinel.DisposeAsync(); }
    }

    [Fact]
    public async Task A_cluster_primary_killed_under_load_loses_nothing_acknowledged_sends_nothing_twice_and_every_channel_comes_back()
    {
        var cluster = new RedisClusterServers();
        await cluster.InitializeAsync();
        try
        {
            await RunAsync(cluster, async () =>
            {
                // The primary that also holds Hangfire, which schedules the reminder sweeps.
                var killed = await cluster.KillPrimaryOfAsync("{huduma-hangfire}:x");
                return await cluster.WaitForPromotionAsync(killed, TimeSpan.FromSeconds(30));
            });
        }
        finally { await cluster.DisposeAsync(); }
    }

    /// <param name="killAndPromote">Kills a primary; returns when Redis had promoted a replica in its place.</param>
    private async Task RunAsync(IRedisTopology redis, Func<Task<DateTimeOffset>> killAndPromote)
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        at.Latency = TimeSpan.FromMilliseconds(20);
        await ReminderCampaign.ScheduleAsync(redis.Connection, Reminders);
        var settings = ProductionSettings.OnAfricasTalking(redis.ConnectionString, at, CallbackSecret, DirectLineSecret);
        // The campaign is swept every 2 s at the provider's rate (30 a second, shared with the replies), so it is still going when the primary dies.
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Reminders__SweepCron"] = "*/2 * * * * *", ["Reminders__Lease"] = "00:00:04", ["Reminders__UnknownWait"] = "00:00:30",
            ["Reminders__QuietHours"] = "00:00-00:00", ["Sms__RatePerSecond__AfricasTalking"] = "30",
            // As infra/README.md tells Sentinel and Cluster deployments: a queued SMS reply is on a replica before the provider hears 200.
            ["Redis__ReplicasToAcknowledge"] = "1",
        }) settings[key] = value;
        await using var a = await HostProcess.StartReadyAsync(settings);
        await using var b = await HostProcess.StartReadyAsync(settings);
        // Africa's Talking reports each message's delivery, retrying until a host takes the report: what settles
        // a reminder whose sender lost Redis between the provider's answer and its own record of it.
        at.DeliveryReportUrl = $"{b.BaseUrl}/sms/africastalking/delivery?token={CallbackSecret}";
        var load = new MixedLoad([a.BaseUrl, b.BaseUrl], CallbackSecret, DirectLineSecret);

        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.True(load.Failures.Count == 0, "a healthy fleet answers everything, but: " + string.Join("; ", load.Failures.Take(5).Select(f => $"{f.Channel} {f.What}")));
        var sentBeforeKill = ReminderPhones().Count;

        var killedAt = DateTimeOffset.UtcNow;
        var promotedAt = await killAndPromote();
        await Task.Delay(RecoveryBound + TimeSpan.FromSeconds(5));
        stop.Cancel();
        await running;

        var acknowledged = load.AcknowledgedSmsPhones;
        // A reply whose send the outage interrupted is taken up again once its queue entry has been idle Sms:Queue:ClaimAfter (30 s).
        await WaitUntil(() => acknowledged.All(p => Replies(p) >= 1), TimeSpan.FromSeconds(90), "a reply to every acknowledged SMS");
        await WaitUntil(() => ReminderPhones().Distinct().Count() == Reminders, TimeSpan.FromSeconds(90), "every reminder of the campaign");
        await Task.Delay(TimeSpan.FromSeconds(3)); // any duplicate shows itself

        output.WriteLine($"promotion {(promotedAt - killedAt).TotalSeconds:F1} s after the kill");
        output.WriteLine($"USSD: {load.UssdCompleted} of {load.UssdSessions} sessions completed; last failure {Since(load.LastFailure("ussd"))}");
        output.WriteLine($"chat: {load.ChatsCompleted} of {load.Chats} completed; last failure {Since(load.LastFailure("chat"))}");
        output.WriteLine($"SMS: {load.SmsSent} sent, {acknowledged.Count} acknowledged; callbacks answered {string.Join(", ", load.SmsAnswers.Select(x => $"{x.Key}: {x.Value}"))}; last failure {Since(load.LastFailure("sms"))}");
        output.WriteLine($"SMS told to come back (503: their first delivery's lease, 15 s, still held): last {Since(load.LastFailure("sms-held"))}");
        output.WriteLine($"reminders: {sentBeforeKill} sent before the kill, {ReminderPhones().Count} sent in all to {ReminderPhones().Distinct().Count()} phones");
        foreach (var g in load.Failures.GroupBy(f => (Math.Floor((f.At - killedAt).TotalSeconds * 2) / 2, f.Channel,
                     System.Text.RegularExpressions.Regex.Replace(f.What, @"^(hop|attempt|step) \d+: | after \d+ ms", ""))).OrderBy(g => g.Key))
            output.WriteLine($"  kill+{g.Key.Item1:F1} s {g.Key.Channel} {g.Key.Item3} x{g.Count()}");

        foreach (var line in a.Output.Where(l => l.Contains("Exception")).GroupBy(l => l.Length > 160 ? l[..160] : l).Take(15))
            output.WriteLine($"host a x{line.Count()}: {line.Key}");
        Assert.Equal(load.SmsSent, acknowledged.Count); // the providers' retries all got through
        var lost = acknowledged.Where(p => Replies(p) == 0).ToList();
        var twice = acknowledged.Where(p => Replies(p) > 1).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged SMS never answered");
        Assert.True(twice.Count == 0, $"{twice.Count} SMS answered more than once");
        Assert.Equal(Reminders, ReminderPhones().Count); // each reminder exactly once
        foreach (var channel in Channels)
            Assert.True(load.LastFailure(channel) is not { } last || last - promotedAt <= RecoveryBound,
                $"{channel} still failing {Since(load.LastFailure(channel))}");

        int Replies(string phone) => at.Accepted.Count(r => (r.GetValueOrDefault("to") ?? "").Split(',').Contains(phone));
        List<string> ReminderPhones() => ReminderCampaign.PhonesReached(at);
        string Since(DateTimeOffset? at) => at is { } t ? $"{(t - promotedAt).TotalSeconds:F1} s after the promotion" : "none";
    }
}
