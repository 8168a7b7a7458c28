using StackExchange.Redis;

namespace Huduma.Contact.Bench.FleetLoad;

/// <summary>CPU time spent so far by a process and its live children (nginx's master and its worker), from /proc.</summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Of(int pid)
    {
        var total = Ticks(pid);
        var children = $"/proc/{pid}/task/{pid}/children";
        if (File.Exists(children))
            foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                total += Ticks(int.Parse(child));
        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    private static long Ticks(int pid)
    {
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is 14th, stime 15th.
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }

    /// <summary>Commands a Redis server has run so far, by name (INFO commandstats).</summary>
    public static async Task<Dictionary<string, long>> CommandsOfRedisAsync(IServer server) =>
        (await server.InfoAsync("commandstats")).SelectMany(g => g).ToDictionary(
            p => p.Key.Replace("cmdstat_", ""),
            p => long.Parse(p.Value.Split(',')[0].Split('=')[1]));

    /// <summary>CPU a Redis server has spent (INFO cpu: used_cpu_user + used_cpu_sys): its own figure, wherever it runs.</summary>
    public static async Task<TimeSpan> OfRedisAsync(IServer server)
    {
        var cpu = (await server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        return TimeSpan.FromSeconds(double.Parse(cpu["used_cpu_user"], System.Globalization.CultureInfo.InvariantCulture)
                                    + double.Parse(cpu["used_cpu_sys"], System.Globalization.CultureInfo.InvariantCulture));
    }
}
