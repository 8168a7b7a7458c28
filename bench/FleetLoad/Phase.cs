using System.Diagnostics;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Bench.FleetLoad;

/// <summary>What one stretch of load did: per channel, and the CPU every process spent on it.</summary>
internal sealed record PhaseResult(
    string Name, TimeSpan Elapsed, IReadOnlyDictionary<string, ChannelResult> Channels,
    TimeSpan HostCpu, TimeSpan NginxCpu, TimeSpan GeneratorCpu, IReadOnlyList<(string Primary, TimeSpan Cpu)> RedisCpu,
    IReadOnlyDictionary<string, long> RedisCommands)
{
    /// <summary>Redis commands a request, all primaries together.</summary>
    public double CommandsPerRequest => Requests == 0 ? 0 : RedisCommands.Values.Sum() / (double)Requests;

    public int Requests => Channels.Values.Sum(c => c.Requests);
    public int Failures => Channels.Values.Sum(c => c.Failures);
    /// <summary>CPU a request, in microseconds.</summary>
    public double PerRequest(TimeSpan cpu) => Requests == 0 ? 0 : cpu.TotalMicroseconds / Requests;

    /// <summary>
    /// The CPU the load itself cost: less what the same processes spend idle in as long (Hangfire's polling,
    /// the SMS queue's, the hosts' timers, Redis's cron), which at a few hundred requests a second would
    /// otherwise count as a large share of every request.
    /// </summary>
    public PhaseResult Above(PhaseResult idle)
    {
        TimeSpan Less(TimeSpan cpu, TimeSpan idleCpu) => cpu - idleCpu * (Elapsed / idle.Elapsed);
        return this with
        {
            HostCpu = Less(HostCpu, idle.HostCpu), NginxCpu = Less(NginxCpu, idle.NginxCpu),
            RedisCpu = RedisCpu.Select((r, i) => (r.Primary, Less(r.Cpu, idle.RedisCpu[i].Cpu))).ToList(),
        };
    }
}

/// <param name="Failure">One failure's description, to say what went wrong.</param>
internal sealed record ChannelResult(int Sessions, int Completed, int Requests, int Failures, double P50, double P99, string? Failure);

/// <summary>Runs a mix for a while against a deployment and reads the CPU of the hosts, nginx, the generator and each Redis primary around it.</summary>
internal static class Phase
{
    /// <summary>
    /// The deployment left alone: what its processes spend with no load. First waits (up to 30 s) until the
    /// hosts have settled after the warm-up: for seconds after a load the runtime is still compiling
    /// the hot methods' optimised code (a third of a core, seen here), which is not what idle costs.
    /// </summary>
    public static async Task<PhaseResult> IdleAsync(Deployment deployment, TimeSpan length)
    {
        var settling = Stopwatch.StartNew();
        while (settling.Elapsed < TimeSpan.FromSeconds(30))
        {
            var before = HostsCpu(deployment);
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (HostsCpu(deployment) - before < TimeSpan.FromMilliseconds(20) * deployment.Fleet.Hosts.Count) break;
        }
        return await RunAsync(deployment, "idle", new DayMix(0, 0, 0, 0), length);
    }

    private static TimeSpan HostsCpu(Deployment deployment) =>
        deployment.Fleet.Hosts.Aggregate(TimeSpan.Zero, (sum, h) => sum + ProcessCpu.Of(h.Id));

    public static async Task<PhaseResult> RunAsync(Deployment deployment, string name, DayMix mix, TimeSpan length)
    {
        var primaries = deployment.Primaries();
        var load = deployment.Load(mix);
        var (hosts, nginx, self) = Cpu();
        var redis = await Task.WhenAll(primaries.Select(ProcessCpu.OfRedisAsync));
        var commands = await Task.WhenAll(primaries.Select(ProcessCpu.CommandsOfRedisAsync));
        var watch = Stopwatch.StartNew();
        using (var stop = new CancellationTokenSource(length))
        {
            await load.RunAsync(stop.Token);
            if (mix == new DayMix(0, 0, 0, 0)) await Task.Delay(length);
        }
        var elapsed = watch.Elapsed; // the sessions still going when the starts stopped are counted, and their time
        var (hostsAfter, nginxAfter, selfAfter) = Cpu();
        var redisAfter = await Task.WhenAll(primaries.Select(ProcessCpu.OfRedisAsync));
        var commandsAfter = await Task.WhenAll(primaries.Select(ProcessCpu.CommandsOfRedisAsync));
        // INFO itself (two a primary here) is not the load's.
        var ran = commandsAfter.SelectMany(c => c).GroupBy(c => c.Key)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Value) - commands.Sum(b => b.GetValueOrDefault(g.Key)) - (g.Key == "info" ? 2L * primaries.Count : 0));

        var channels = MixedLoad.Channels.ToDictionary(c => c, c =>
        {
            var sorted = load.Latencies(c).Order().ToList();
            double P(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
            var (sessions, completed) = c switch
            {
                "ussd" => (load.UssdSessions, load.UssdCompleted),
                "sms" => (load.SmsSent, load.AcknowledgedSmsPhones.Count),
                "chat" => (load.Chats, load.ChatsCompleted),
                _ => (load.Calls, load.CallsCompleted),
            };
            var failures = load.Failures.Where(f => f.Channel.StartsWith(c)).ToList();
            return new ChannelResult(sessions, completed, sorted.Count, failures.Count, P(0.5), P(0.99), failures.FirstOrDefault()?.What);
        });
        return new PhaseResult(name, elapsed, channels, hostsAfter - hosts, nginxAfter - nginx, selfAfter - self,
            primaries.Select((p, i) => (p.EndPoint.ToString()!, redisAfter[i] - redis[i])).ToList(), ran);

        (TimeSpan Hosts, TimeSpan Nginx, TimeSpan Self) Cpu() => (
            HostsCpu(deployment),
            ProcessCpu.Of(deployment.Fleet.Nginx.Id),
            Process.GetCurrentProcess().TotalProcessorTime);
    }
}
