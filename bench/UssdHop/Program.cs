using Huduma.Contact.Core.State;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Huduma.Contact.Core.Register;
using Huduma.Contact.TestSupport;
using Huduma.Contact.Ussd;
using Microsoft.Extensions.Logging.Abstractions;

// The host's own CPU per USSD hop, without HTTP or Redis: a whole six-hop status session through
// UssdHopHandler on the in-memory store (bench/README.md). `dotnet run -c Release --project bench/UssdHop`
// `-- --loop 30` runs the sessions for 30 s without BenchmarkDotNet, for a profiler to attach (perf with
// DOTNET_PerfMapEnabled=1), and prints the hops/s and the time and allocation of each of the six hops.
// `-- --forms` compares reading the hop's form (FormDecodeBenchmarks).
if (args is ["--loop", var seconds])
{
    var bench = new UssdHopBenchmarks();
    bench.Setup();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    long sessions = 0;
    var ticks = new long[6];
    var bytes = new long[6];
    while (clock.Elapsed.TotalSeconds < double.Parse(seconds)) { await bench.StatusSession(ticks, bytes); sessions++; }
    Console.WriteLine($"{sessions * 6 / clock.Elapsed.TotalSeconds:F0} hops/s; per hop (µs, bytes): " +
        string.Join(", ", ticks.Select((t, i) => $"{t * 1e6 / System.Diagnostics.Stopwatch.Frequency / sessions:F1} µs {bytes[i] / sessions} B")));
    return;
}
if (args is ["--forms", .. var rest])
{
    BenchmarkRunner.Run<FormDecodeBenchmarks>(args: rest);
    return;
}
BenchmarkRunner.Run<UssdHopBenchmarks>(args: args);

[MemoryDiagnoser]
public class UssdHopBenchmarks
{
    private UssdHopHandler _handler = null!;
    private static readonly string[] Script = ["", "1", "1*1", "1*1*1", "1*1*1*12345678", "1*1*1*12345678*WC100001"];
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        var h = new EngineHarness(limits: new() { PerPhonePerHour = int.MaxValue, PerDocumentPerHour = int.MaxValue });
        h.Register.UpsertManyAsync(DemoRegister.DemoPhoneDocuments(h.Content)).Wait();
        _handler = new UssdHopHandler(h.Conversations(new DailyCounters(h.Store, TimeProvider.System)), new UssdOptions(), NullLogger<UssdHopHandler>.Instance);
    }

    /// <summary>Six hops: dial, English, status, national ID, number, waiting card (from a stranger's phone).</summary>
    [Benchmark(OperationsPerInvoke = 6)]
    public async Task StatusSession()
    {
        var session = "s" + _n++;
        var phone = $"+2547{20_000_000 + _n % 70_000_000}";
        foreach (var text in Script)
            await _handler.HandleAsync(new UssdRequest(session, "*384*1919#", phone, "63902", text));
    }

    /// <summary>The same session, timing each hop (the --loop mode).</summary>
    public async Task StatusSession(long[] ticks, long[] bytes)
    {
        var session = "s" + _n++;
        var phone = $"+2547{20_000_000 + _n % 70_000_000}";
        for (var i = 0; i < Script.Length; i++)
        {
            var (t0, b0) = (System.Diagnostics.Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
            await _handler.HandleAsync(new UssdRequest(session, "*384*1919#", phone, "63902", Script[i]));
            ticks[i] += System.Diagnostics.Stopwatch.GetTimestamp() - t0;
            bytes[i] += GC.GetAllocatedBytesForCurrentThread() - b0;
        }
    }
}
