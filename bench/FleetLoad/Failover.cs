using System.Diagnostics;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Bench.FleetLoad;

/// <summary>What a primary's death under load cost (issue 22's fault figures).</summary>
internal sealed record FailoverResult(
    string Topology, int Hosts, double PromotionSeconds, IReadOnlyDictionary<string, double?> RecoverySeconds,
    int SmsAcknowledged, int SmsLost, int SmsTwice, int Reminders, int RemindersSent, int RemindersTwice,
    IReadOnlyDictionary<string, int> SmsAnswers, IReadOnlyList<string> ProvidersSaw, IReadOnlyList<string> AfterPromotion,
    IReadOnlyList<string> HostsLogged);

/// <summary>
/// The busy-hour mix against a fleet behind nginx, plus a reminder campaign swept by every host; a Redis
/// primary SIGKILLed in the middle (under Sentinel: the primary; in a cluster: the one holding Hangfire,
/// which schedules the sweeps). Measures the seconds from the promotion until each channel last failed,
/// and, once everything has settled, every acknowledged SMS's replies and every reminder sent.
/// </summary>
internal static class Failover
{
    private const int Reminders = 300;

    public static async Task<FailoverResult> RunAsync(string topology, int hosts, DayMix mix, Action<string> say)
    {
        await using var deployment = await Deployment.StartAsync(topology, hosts, new Dictionary<string, string>
        {
            // The campaign is swept every 2 s at 30 reminders a second beside the replies, so it is still going when the primary dies.
            ["Reminders__SweepCron"] = "*/2 * * * * *", ["Reminders__QuietHours"] = "00:00-00:00", ["Sms__RatePerSecond__AfricasTalking"] = "60",
        }, redis => ReminderCampaign.ScheduleAsync(redis.Connection, Reminders));
        var at = deployment.At;
        var load = deployment.Load(mix);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(10));

        var killedAt = DateTimeOffset.UtcNow;
        DateTimeOffset promotedAt;
        if (deployment.Redis is RedisSentinelServers sentinel)
        {
            await sentinel.KillPrimaryAsync();
            promotedAt = await sentinel.WaitForPromotionAsync(TimeSpan.FromSeconds(60));
        }
        else
        {
            var cluster = (RedisClusterServers)deployment.Redis;
            var killed = await cluster.KillPrimaryOfAsync("{huduma-hangfire}:x");
            promotedAt = await cluster.WaitForPromotionAsync(killed, TimeSpan.FromSeconds(60));
        }
        say($"  {topology}: primary killed, promotion after {(promotedAt - killedAt).TotalSeconds:F1} s");
        await Task.Delay(TimeSpan.FromSeconds(20));
        stop.Cancel();
        await running;

        // A reply whose send the outage interrupted goes once its queue entry has been idle Sms:Queue:ClaimAfter (30 s).
        var acknowledged = load.AcknowledgedSmsPhones;
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromMinutes(3)
               && (acknowledged.Any(p => Replies(p) == 0) || ReminderCampaign.PhonesReached(at).Distinct().Count() < Reminders))
            await Task.Delay(500);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a duplicate shows itself

        var reached = ReminderCampaign.PhonesReached(at);
        // What the hosts logged as going wrong after the promotion: the first line of each warning or error, counted.
        var logged = deployment.HostOutput.Where(o => o.At > promotedAt).Select(o => o.Line.Trim())
            .Where(l => l.Contains("Exception:") || l.StartsWith("fail:") || l.Contains("NOREPLICAS") || l.Contains("WAIT"))
            .GroupBy(l => l.Length > 200 ? l[..200] : l).OrderByDescending(g => g.Count()).Take(8).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        return new FailoverResult(topology, hosts, (promotedAt - killedAt).TotalSeconds,
            MixedLoad.Channels.ToDictionary(c => c, c => load.LastFailure(c) is { } last ? Math.Max(0, (last - promotedAt).TotalSeconds) : (double?)null),
            acknowledged.Count, acknowledged.Count(p => Replies(p) == 0), acknowledged.Count(p => Replies(p) > 1),
            Reminders, reached.Distinct().Count(), reached.Count - reached.Distinct().Count(),
            load.SmsAnswers,
            load.Failures.GroupBy(f => (f.Channel, What: System.Text.RegularExpressions.Regex.Replace(f.What, @"^(hop|attempt|step) \d+: | after \d+ ms|\n.*", "")))
                .OrderByDescending(g => g.Count()).Select(g => $"{g.Key.Channel} {g.Key.What} ×{g.Count()}").ToList(),
            load.Failures.Where(f => f.At > promotedAt).GroupBy(f => (Second: Math.Floor((f.At - promotedAt).TotalSeconds * 2) / 2, f.Channel, f.What))
                .OrderBy(g => g.Key.Second).Select(g => $"+{g.Key.Second:F1} s {g.Key.Channel} {g.Key.What} ×{g.Count()}").Take(30).ToList(),
            logged);

        int Replies(string phone) => at.Accepted.Count(r => (r.GetValueOrDefault("to") ?? "").Split(',').Contains(phone));
    }
}
