using System.Diagnostics;

/// <summary>
/// A closed-loop run that gives the paths turns of a few seconds each, over and over, in one run
/// (--mode alternate). This machine's speed drifts by tens of percent over seconds to minutes — the
/// generator's own CPU time per hop, the same work on either path, moved from 32 to 63 µs in one run —
/// so runs of each path in separate rounds compare different machines. Turns of two seconds share the
/// drift: each pair of turns gives a ratio, and the run reports their median and the totals.
/// A worker starts each session on the path whose turn it is and leaves it when the turn ends, so a
/// turn carries only its own path's hops (plus the last hop of each worker, in flight at the switch).
/// </summary>
sealed class AlternatingRun(string[] paths, TimeSpan slice, TimeSpan duration, string? watch)
{
    private sealed record Turn(int Path, double Seconds, long Hops, Dictionary<string, double> CpuSeconds);

    private readonly List<Turn> _turns = [];
    private readonly List<double>[][] _latencies = paths.Select(_ => Enumerable.Range(0, 256).Select(_ => new List<double>()).ToArray()).ToArray();
    private readonly (string Name, int Pid)[] _watched = (watch ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(w => w.Split('=')).Select(w => (w[0], int.Parse(w[1]))).ToArray();
    private volatile int _turn = -1;
    private long _started;
    private volatile bool _stop;

    public long Hops => _turns.Sum(t => t.Hops);

    public async Task RunAsync(int concurrency, Func<string, List<double>, Func<bool>, Task> session)
    {
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (!_stop)
            {
                var turn = _turn;
                if (turn < 0) { await Task.Delay(10); continue; }
                var path = turn % paths.Length;
                // A hop is counted for the turn in which it starts; the session ends with its turn.
                await session(paths[path], _latencies[path][worker % 256], () =>
                {
                    if (_stop || _turn != turn) return false;
                    Interlocked.Increment(ref _started);
                    return true;
                });
            }
        }).ToList();

        // One uncounted turn first (the last path's), while the connections fill up.
        _turn = paths.Length - 1;
        await Task.Delay(slice);
        var clock = Stopwatch.StartNew();
        for (var n = paths.Length; clock.Elapsed < duration || _turns.Count % paths.Length != 0; n++)
        {
            var cpu0 = Cpu();
            var hops0 = Interlocked.Read(ref _started);
            var t0 = clock.Elapsed;
            _turn = n;
            await Task.Delay(slice);
            var seconds = (clock.Elapsed - t0).TotalSeconds;
            var cpu1 = Cpu();
            _turns.Add(new Turn(n % paths.Length, seconds, Interlocked.Read(ref _started) - hops0,
                cpu1.ToDictionary(kv => kv.Key, kv => kv.Value - cpu0[kv.Key])));
        }
        _stop = true;
        await Task.WhenAll(workers);
    }

    private Dictionary<string, double> Cpu()
    {
        var cpu = new Dictionary<string, double> { ["gen"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds };
        foreach (var (name, pid) in _watched)
        {
            // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second).
            var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            cpu[name] = (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
        }
        return cpu;
    }

    public void Report(TextWriter output, long errors)
    {
        output.WriteLine($"alternate: {paths.Length} paths in turns of {slice.TotalSeconds:F0} s, errors={errors}");
        var rates = new List<double>[paths.Length];
        for (var p = 0; p < paths.Length; p++)
        {
            var turns = _turns.Where(t => t.Path == p).ToList();
            var hops = turns.Sum(t => t.Hops);
            var seconds = turns.Sum(t => t.Seconds);
            var all = _latencies[p].SelectMany(l => l).Order().ToArray();
            double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
            var cpu = string.Join(" ", turns[0].CpuSeconds.Keys.Select(k => $"{k}_us_per_hop={turns.Sum(t => t.CpuSeconds[k]) * 1e6 / hops:F0}"));
            output.WriteLine($"path={paths[p]} mode=alternate turns={turns.Count}x{slice.TotalSeconds:F0}s seconds={seconds:F1} hops={hops} " +
                             $"hops_per_s={hops / seconds:F0} p50_ms={P(0.50):F2} p99_ms={P(0.99):F2} {cpu}");
            rates[p] = turns.Select(t => t.Hops / t.Seconds).ToList();
        }
        // Each later path against each earlier one, turn by turn within a cycle (a floor and two builds, say).
        for (var a = 0; a < paths.Length; a++)
        for (var b = a + 1; b < paths.Length; b++)
        {
            var pairs = rates[a].Zip(rates[b], (x, y) => y / x).Order().ToList();
            var overall = rates[b].Sum() / rates[b].Count / (rates[a].Sum() / rates[a].Count);
            output.WriteLine($"ratio {paths[b]}/{paths[a]}: median of {pairs.Count} pairs {100 * pairs[pairs.Count / 2]:F0}% " +
                             $"(quartiles {100 * pairs[pairs.Count / 4]:F0}-{100 * pairs[3 * pairs.Count / 4]:F0}%), overall {100 * overall:F0}%");
        }
    }
}
