using System.Diagnostics;
using System.Net;

// Load generator for Africa's Talking USSD callbacks (see bench/README.md). Runs whole multi-hop status
// sessions — dial, English, document status, national ID, number, waiting card — as AT would, each from
// its own phone, over keep-alive connections.
//   closed loop: --mode closed --concurrency 200 --seconds 20   (as fast as the host answers)
//   open loop:   --mode open --rate 1000 --seconds 20           (hops offered at a fixed rate)
// --path /ussd/africastalking (the real endpoint) or /bench/floor (the floor).
//   alternating: --mode alternate --paths /bench/floor,/ussd/africastalking --slice 2 --seconds 120
//                [--watch host=PID,redis=PID]   (closed loop, the paths in turns; see AlternatingRun.cs)
//   a path may be a whole URL: two hosts on one Redis compared in turns (an A/B of two builds).
var opts = Args.Parse(args);
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = opts.Concurrency + 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var client = new HttpClient(handler) { BaseAddress = new Uri(opts.Url), Timeout = TimeSpan.FromSeconds(30) };

string[] script = ["", "1", "1", "1", "12345678", "WC100001"];
var latencies = new List<double>[Environment.ProcessorCount * 64];
for (var i = 0; i < latencies.Length; i++) latencies[i] = [];
long hops = 0, errors = 0, sessionsDone = 0, phoneSeq = 0;

async Task<bool> HopAsync(string path, string session, string phone, string text, List<double> sink)
{
    var form = new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["sessionId"] = session, ["serviceCode"] = "*384*1919#", ["phoneNumber"] = phone, ["networkCode"] = "63902", ["text"] = text,
    });
    var start = Stopwatch.GetTimestamp();
    try
    {
        using var response = await client.PostAsync(path, form);
        var body = await response.Content.ReadAsStringAsync();
        var ok = response.StatusCode == HttpStatusCode.OK && (body.StartsWith("CON ") || body.StartsWith("END "));
        lock (sink) sink.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        Interlocked.Increment(ref hops);
        if (!ok) Interlocked.Increment(ref errors);
        return ok;
    }
    catch (Exception)
    {
        Interlocked.Increment(ref errors);
        return false;
    }
}

// A fresh range of phones each run, so no run resumes another run's sessions ("Continue where you left off?").
var phoneBase = Random.Shared.Next(0, 79_000_000);
string NewPhone() => $"+2547{20_000_000 + (phoneBase + Interlocked.Increment(ref phoneSeq)) % 79_999_999:D8}";

async Task SessionAsync(List<double> sink, Func<Task>? pace, int hopsWanted = int.MaxValue, string? path = null, Func<bool>? goOn = null)
{
    var session = "bench-" + Guid.NewGuid().ToString("N");
    var phone = NewPhone();
    var inputs = new List<string>();
    foreach (var input in script.Take(hopsWanted))
    {
        if (input.Length > 0) inputs.Add(input);
        if (pace is not null) await pace();
        if (goOn is not null && !goOn()) return;
        if (!await HopAsync(path ?? opts.Path, session, phone, string.Join("*", inputs), sink)) return;
    }
    Interlocked.Increment(ref sessionsDone);
}

//   live sessions: --mode sessions --sessions 10000 --hops 4   (leaves them mid-dialog)
// Warm-up: JIT, connection pool, Redis connections.
await Task.WhenAll(Enumerable.Range(0, 50).Select(i => SessionAsync(latencies[i % latencies.Length], null)));
foreach (var l in latencies) l.Clear();
Interlocked.Exchange(ref hops, 0); Interlocked.Exchange(ref errors, 0); Interlocked.Exchange(ref sessionsDone, 0);

if (opts.Mode == "sessions")
{
    // Leaves sessions live part-way through (for measuring Redis memory per live session).
    var next = 0;
    await Task.WhenAll(Enumerable.Range(0, opts.Concurrency).Select(async worker =>
    {
        while (Interlocked.Increment(ref next) <= opts.Sessions) await SessionAsync(latencies[worker % latencies.Length], null, opts.Hops);
    }));
    Console.WriteLine($"left {opts.Sessions} sessions live after {opts.Hops} hops each; errors={errors}");
    return errors > 0 ? 1 : 0;
}

if (opts.Mode == "alternate")
{
    var run = new AlternatingRun(opts.Paths, TimeSpan.FromSeconds(opts.Slice), TimeSpan.FromSeconds(opts.Seconds), opts.Watch);
    await run.RunAsync(opts.Concurrency, (path, sink, goOn) => SessionAsync(sink, null, path: path, goOn: goOn));
    run.Report(Console.Out, errors);
    return errors > run.Hops / 100 ? 1 : 0;
}

var clock = Stopwatch.StartNew();
var end = TimeSpan.FromSeconds(opts.Seconds);
if (opts.Mode == "closed")
{
    await Task.WhenAll(Enumerable.Range(0, opts.Concurrency).Select(async worker =>
    {
        while (clock.Elapsed < end) await SessionAsync(latencies[worker % latencies.Length], null);
    }));
}
else
{
    // Open loop: a ticket per hop is released at the offered rate; sessions wait for their tickets,
    // so latency is measured under a fixed load rather than a saturated one.
    var tickets = new SemaphoreSlim(0);
    var releaser = Task.Run(async () =>
    {
        var released = 0L;
        while (clock.Elapsed < end)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * opts.Rate);
            if (due > released) { tickets.Release((int)(due - released)); released = due; }
            await Task.Delay(1);
        }
    });
    var workers = Math.Max(opts.Concurrency, opts.Rate / 5);
    await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
    {
        while (clock.Elapsed < end)
            await SessionAsync(latencies[worker % latencies.Length], async () => await tickets.WaitAsync(end - clock.Elapsed > TimeSpan.Zero ? end - clock.Elapsed : TimeSpan.Zero));
    }).Append(releaser));
}
var elapsed = clock.Elapsed.TotalSeconds;
var all = latencies.SelectMany(l => l).Order().ToArray();
double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
Console.WriteLine($"path={opts.Path} mode={opts.Mode} concurrency={opts.Concurrency} rate={opts.Rate} seconds={elapsed:F1} " +
                  $"hops={hops} hops_per_s={hops / elapsed:F0} sessions={sessionsDone} errors={errors} " +
                  $"p50_ms={P(0.50):F2} p99_ms={P(0.99):F2} max_ms={(all.Length > 0 ? all[^1] : 0):F2}");
return errors > hops / 100 ? 1 : 0;

sealed record Args(string Url, string Path, string Mode, int Concurrency, int Rate, int Seconds, int Sessions, int Hops,
    string[] Paths, double Slice, string? Watch)
{
    public static Args Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new Args(Get("url", "http://127.0.0.1:5090"), Get("path", "/ussd/africastalking"), Get("mode", "closed"),
            int.Parse(Get("concurrency", "200")), int.Parse(Get("rate", "1000")), int.Parse(Get("seconds", "20")),
            int.Parse(Get("sessions", "10000")), int.Parse(Get("hops", "4")),
            Get("paths", "/bench/floor,/ussd/africastalking").Split(','), double.Parse(Get("slice", "2"), System.Globalization.CultureInfo.InvariantCulture),
            Get("watch", "") is { Length: > 0 } w ? w : null);
    }
}
