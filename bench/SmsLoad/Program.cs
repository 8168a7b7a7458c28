using System.Diagnostics;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

// SMS benchmarks (bench/README.md), loopback only.
//   inbound:  --mode inbound --url http://127.0.0.1:PORT --concurrency 100 --seconds 15
//             Africa's Talking incoming-SMS callbacks ("HELP" from distinct phones, unique ids) against
//             the host; each is parsed, deduplicated, answered and its reply recorded and "sent".
//   latency:  --mode latency --url http://127.0.0.1:PORT --rate 200 --seconds 15 [--at-port P --at-latency-ms 10000]
//             the same callbacks in an open loop at a fixed rate, each one's answer timed: p50/p99. With
//             --at-port, an Africa's Talking simulator taking --at-latency-ms a message listens there first
//             (the host's provider), so the webhook is measured while the provider is slow.
//   outbound: --mode outbound --redis 127.0.0.1:PORT --messages 20000 --concurrency 200
//             the SMS dispatcher (records in Redis, opt-out check) sending through the Africa's Talking
//             provider — its real HTTP client with the resilience handler — to a loopback AT simulator.
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
var mode = Arg("mode", "inbound");
var concurrency = int.Parse(Arg("concurrency", "100"));

FormUrlEncodedContent Callback(long n) => new(new Dictionary<string, string>
{
    ["from"] = $"+2547{20_000_000 + n % 79_999_999:D8}", ["to"] = "1919", ["text"] = "HELP", ["id"] = $"ATXid_bench_{n}_{Guid.NewGuid():N}",
    ["date"] = "2026-11-27 10:00:00", ["networkCode"] = "63902",
});

if (mode == "latency")
{
    var seconds = int.Parse(Arg("seconds", "15"));
    var rate = int.Parse(Arg("rate", "200"));
    await using var slow = Arg("at-port", "") is { Length: > 0 } atPort ? await AfricasTalkingApiSimulator.StartAsync(int.Parse(atPort)) : null;
    if (slow is not null) slow.Latency = TimeSpan.FromMilliseconds(int.Parse(Arg("at-latency-ms", "10000")));
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(Arg("url", "http://127.0.0.1:5090")) };
    long seq = Random.Shared.Next(0, 50_000_000), errors = 0;
    async Task<double> Timed()
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var r = await client.PostAsync("/sms/africastalking/inbound", Callback(Interlocked.Increment(ref seq)));
            if (!r.IsSuccessStatusCode) Interlocked.Increment(ref errors);
        }
        catch { Interlocked.Increment(ref errors); }
        return watch.Elapsed.TotalMilliseconds;
    }
    // Open loop: each callback leaves on its schedule whatever the ones before are doing.
    async Task<List<double>> Run(int count)
    {
        var clock = Stopwatch.StartNew();
        var calls = new List<Task<double>>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            calls.Add(Timed());
        }
        return [.. await Task.WhenAll(calls)];
    }
    await Run(rate * 5); // warm-up
    errors = 0;
    var times = (await Run(rate * seconds)).Order().ToList();
    double At(double q) => times[Math.Min(times.Count - 1, (int)(q * times.Count))];
    Console.WriteLine($"latency: {times.Count} callbacks at {rate}/s{(slow is null ? "" : $", Africa's Talking taking {slow.Latency.TotalSeconds:F0} s")}: " +
                      $"p50 {At(0.50):F1} ms, p99 {At(0.99):F1} ms, max {times[^1]:F1} ms, {errors} errors" +
                      (slow is null ? "" : $"; the provider was given {slow.Requests.Count} replies"));
    return errors > 0 ? 1 : 0;
}

if (mode == "inbound")
{
    var seconds = int.Parse(Arg("seconds", "15"));
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency + 16 }) { BaseAddress = new Uri(Arg("url", "http://127.0.0.1:5090")) };
    long accepted = 0, errors = 0, seq = Random.Shared.Next(0, 50_000_000);
    async Task Post()
    {
        var form = Callback(Interlocked.Increment(ref seq));
        try
        {
            using var r = await client.PostAsync("/sms/africastalking/inbound", form);
            Interlocked.Increment(ref r.IsSuccessStatusCode ? ref accepted : ref errors);
        }
        catch { Interlocked.Increment(ref errors); }
    }
    var warm = Stopwatch.StartNew();
    while (warm.Elapsed < TimeSpan.FromSeconds(5)) await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Post()));
    accepted = errors = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ => { while (clock.Elapsed.TotalSeconds < seconds) await Post(); }));
    Console.WriteLine($"inbound: {accepted} accepted, {errors} errors in {clock.Elapsed.TotalSeconds:F1} s = {accepted / clock.Elapsed.TotalSeconds:F0} messages/s (concurrency {concurrency})");
    return errors > 0 ? 1 : 0;
}

await using var at = await AfricasTalkingApiSimulator.StartAsync();
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Sms:Primary"] = "AfricasTalking", ["AfricasTalking:BaseUrl"] = at.BaseUrl,
    ["AfricasTalking:Username"] = AfricasTalkingApiSimulator.Username, ["AfricasTalking:ApiKey"] = AfricasTalkingApiSimulator.ApiKey,
}).Build();
var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton(TimeProvider.System);
services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(Arg("redis", "127.0.0.1:6379")));
services.AddSingleton<IStateStore, RedisStateStore>();
services.AddSingleton(ContentLoader.Load(ContentLoader.DefaultDirectory()));
services.AddSingleton<PhoneProfiles>();
services.AddSms(configuration);
await using var provider = services.BuildServiceProvider();
var sender = provider.GetRequiredService<ISmsSender>();

var total = int.Parse(Arg("messages", "20000"));
var next = 0;
long sent = 0, failed = 0;
async Task Worker()
{
    while (Interlocked.Increment(ref next) is var i && i <= total)
    {
        var r = await sender.SendAsync(new OutboundSms($"+2547{10_000_000 + i:D8}", "Your national ID is ready for collection at Huduma Centre GPO.", "bench"));
        Interlocked.Increment(ref r.Accepted ? ref sent : ref failed);
    }
}
// --bulk: the same text to many phones through SendManyAsync (a reminder campaign): AT gets 100 a request.
var bulk = args.Contains("--bulk");
async Task BulkWorker()
{
    while (Interlocked.Add(ref next, 500) is var end && end - 500 < total)
    {
        var batch = Enumerable.Range(end - 500 + 1, Math.Min(500, total - (end - 500)))
            .Select(i => new OutboundSms($"+2547{10_000_000 + i:D8}", "Your national ID is ready for collection at Huduma Centre GPO.", "bench")).ToList();
        foreach (var r in await sender.SendManyAsync(batch)) Interlocked.Increment(ref r.Accepted ? ref sent : ref failed);
    }
}
await Task.WhenAll(Enumerable.Range(0, 50).Select(i => sender.SendAsync(new OutboundSms($"+25471100{i:D4}", "warm-up", "bench"))));
var timer = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, bulk ? Math.Max(1, concurrency / 50) : concurrency).Select(_ => bulk ? BulkWorker() : Worker()));
Console.WriteLine($"outbound{(bulk ? " (bulk)" : "")}: {sent} sent, {failed} failed in {timer.Elapsed.TotalSeconds:F1} s = {sent / timer.Elapsed.TotalSeconds:F0} messages/s (concurrency {concurrency}, rate limit off)");
return failed > 0 ? 1 : 0;
