// The mixed-load benchmark (bench/README.md, "Fleet"): a busy hour's mix of USSD, SMS, chat and voice
// (DayMix) replayed against 1, 2 and 3 hosts behind nginx, on one Redis and on a cluster; then a Redis
// primary killed under the mix, under Sentinel and in a cluster. Loopback only. Run by bench/run-fleet.sh.
//   --topologies single,cluster  --hosts 1,2,3  --seconds 15 (each phase)  --warmup 15  --scale 1 (DayMix.BusyHour)
//   --channels ussd,sms,chat,voice (each alone, before the mix)  --failover sentinel,cluster (or "none")  --failover-hosts 2  --host-dir src/Host/bin/Release/net10.0
using Huduma.Contact.Bench.FleetLoad;
using Huduma.Contact.TestSupport;

var options = Args(args);
var topologies = List(options.GetValueOrDefault("topologies") ?? "single,cluster").Where(t => t != "none").ToList();
var hostCounts = List(options.GetValueOrDefault("hosts") ?? "1,2,3").Select(int.Parse).ToList();
var phase = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("seconds") ?? "15"));
var warmup = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup") ?? "15"));
var mix = DayMix.BusyHour(double.Parse(options.GetValueOrDefault("scale") ?? "1"));
var failovers = List(options.GetValueOrDefault("failover") ?? "sentinel,cluster").Where(t => t != "none").ToList();
var channels = List(options.GetValueOrDefault("channels") ?? string.Join(",", MixedLoad.Channels));
var failoverHosts = int.Parse(options.GetValueOrDefault("failover-hosts") ?? "2");
HostProcess.Directory = Path.GetFullPath(options.GetValueOrDefault("host-dir")
    ?? Path.Combine(InfraFiles.RepositoryRoot(), "src", "Host", "bin", "Release", "net10.0"));
if (!File.Exists(Path.Combine(HostProcess.Directory, "Huduma.Contact.Host.dll")))
    throw new FileNotFoundException($"no Huduma.Contact.Host.dll in {HostProcess.Directory}: dotnet build -c Release src/Host");

Console.WriteLine($"mix, sessions a second: USSD {mix.Ussd}, SMS {mix.Sms}, chat {mix.Chat}, voice {mix.Voice}; phases of {phase.TotalSeconds} s after {warmup.TotalSeconds} s of warm-up");
var summary = new List<string>();
foreach (var topology in topologies)
foreach (var hosts in hostCounts)
{
    Console.WriteLine($"\n### {topology}, {hosts} host{(hosts == 1 ? "" : "s")} behind nginx\n");
    await using var deployment = await Deployment.StartAsync(topology, hosts);
    await Phase.RunAsync(deployment, "warm-up", mix, warmup);
    var idle = await Phase.IdleAsync(deployment, phase);
    Console.WriteLine($"Idle, per second: hosts {idle.HostCpu / idle.Elapsed * 1000:F0} ms of CPU in all, nginx {idle.NginxCpu / idle.Elapsed * 1000:F0} ms, " +
                      $"Redis {string.Join(" / ", idle.RedisCpu.Select(r => $"{r.Cpu / idle.Elapsed * 1000:F0}"))} ms. The CPU figures below are above idle.\n");
    Console.WriteLine("| phase | channel | sessions/s | requests/s | p50 ms | p99 ms | failed | host CPU µs/req | nginx µs/req | Redis CPU µs/req, each primary |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
    foreach (var channel in channels)
    {
        var alone = (await Phase.RunAsync(deployment, channel, mix.Only(channel), phase)).Above(idle);
        Console.WriteLine(Row(alone, channel, withCpu: true));
        Console.Error.WriteLine($"  {channel}: Redis commands a request {alone.CommandsPerRequest:F1}; most run: " +
            string.Join(", ", alone.RedisCommands.Where(c => c.Value > 0).OrderByDescending(c => c.Value).Take(6).Select(c => $"{c.Key} {c.Value / (double)alone.Requests:F1}")));
    }
    var mixed = (await Phase.RunAsync(deployment, "mix", mix, phase)).Above(idle);
    foreach (var channel in MixedLoad.Channels) Console.WriteLine(Row(mixed, channel, withCpu: false));
    foreach (var (channel, c) in mixed.Channels.Where(c => c.Value.Failure is not null)) Console.Error.WriteLine($"{channel} failed, e.g.: {c.Failure}");
    Console.WriteLine($"| mix | all | {mixed.Channels.Values.Sum(c => c.Sessions) / mixed.Elapsed.TotalSeconds:F0} | {mixed.Requests / mixed.Elapsed.TotalSeconds:F0} | | | {mixed.Failures} " +
                      $"| {mixed.PerRequest(mixed.HostCpu):F0} | {mixed.PerRequest(mixed.NginxCpu):F0} | {RedisCpu(mixed)} |");
    summary.Add($"| {topology} | {hosts} | {mixed.Requests / mixed.Elapsed.TotalSeconds:F0} | " +
                string.Join(" / ", MixedLoad.Channels.Select(c => $"{mixed.Channels[c].P99:F0}")) +
                $" | {mixed.Failures} | {mixed.PerRequest(mixed.HostCpu):F0} | {mixed.PerRequest(mixed.NginxCpu):F0} | {RedisCpu(mixed)} | {mixed.PerRequest(mixed.GeneratorCpu):F0} |");
}

if (summary.Count > 0)
{
    Console.WriteLine("\n### The mix, every deployment\n");
    Console.WriteLine("| Redis | hosts | requests/s | p99 ms USSD / SMS / chat / voice | failed | host CPU µs/req | nginx µs/req | Redis CPU µs/req, each primary | generator µs/req |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    summary.ForEach(Console.WriteLine);
}

foreach (var topology in failovers)
{
    Console.WriteLine($"\n### {topology}: a primary SIGKILLed under the mix, {failoverHosts} hosts behind nginx, a 300-reminder campaign\n");
    var result = await Failover.RunAsync(topology, failoverHosts, mix, Console.WriteLine);
    Console.WriteLine($"- kill to promotion: {result.PromotionSeconds:F1} s");
    Console.WriteLine($"- from the promotion to each channel's last failure: {string.Join(", ", result.RecoverySeconds.Select(r => $"{r.Key} {(r.Value is { } s ? $"{s:F1} s" : "none")}"))}");
    Console.WriteLine($"- SMS acknowledged {result.SmsAcknowledged}, lost {result.SmsLost}, answered twice {result.SmsTwice}");
    Console.WriteLine($"- reminders sent {result.RemindersSent} of {result.Reminders}, twice {result.RemindersTwice}");
    Console.WriteLine($"- SMS callbacks answered: {string.Join(", ", result.SmsAnswers.OrderBy(a => a.Key).Select(a => $"{a.Key} ×{a.Value}"))}");
    Console.WriteLine($"- what the providers saw fail: {(result.ProvidersSaw.Count == 0 ? "nothing" : string.Join("; ", result.ProvidersSaw.Take(8)))}");
    foreach (var line in result.AfterPromotion) Console.Error.WriteLine($"  after the promotion: {line}");
    foreach (var line in result.HostsLogged) Console.Error.WriteLine($"  hosts logged after the promotion: {line}");
}

static string Row(PhaseResult phase, string channel, bool withCpu)
{
    var c = phase.Channels[channel];
    var cpu = withCpu ? $"{phase.PerRequest(phase.HostCpu):F0} | {phase.PerRequest(phase.NginxCpu):F0} | {RedisCpu(phase)}" : " | | ";
    return $"| {phase.Name} | {channel} | {c.Sessions / phase.Elapsed.TotalSeconds:F1} | {c.Requests / phase.Elapsed.TotalSeconds:F0} | {c.P50:F1} | {c.P99:F1} | {c.Failures} | {cpu} |";
}

static string RedisCpu(PhaseResult phase) => string.Join(" / ", phase.RedisCpu.Select(r => $"{phase.PerRequest(r.Cpu):F0}"));

static List<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

static Dictionary<string, string> Args(string[] args)
{
    var map = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
    return map;
}
