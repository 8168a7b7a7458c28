namespace Huduma.Contact.Host.Wiring;

/// <summary>
/// Thread-pool threads kept ready for StackExchange.Redis's Sentinel failover, which blocks them.
/// </summary>
/// <remarks>
/// While a Sentinel primary is away, each of the host's Redis clients asks the sentinels for the new one
/// once a second from a timer, with blocking calls on thread-pool threads (PLINQ over the sentinels, for
/// the primary and again for the list of sentinels; StackExchange.Redis issue #2790). Nothing of ours blocks:
/// dotnet-stack during a failover under load showed 9-12 pool threads inside those calls and none in the
/// host's code. A pool that starts with one thread per core adds threads about one a second, so on two
/// cores every request waited behind them for 5-12 s after the promotion. Starting with enough threads
/// for those calls lets requests run beside them; the threads exist only while something uses them.
/// Single servers and clusters need none of this.
/// </remarks>
internal static class SentinelThreadReserve
{
    /// <summary>Enough for the blocked calls seen (about 12 with two clients and three sentinels), and the requests beside them.</summary>
    public const int MinimumWorkers = 32;

    public static void Apply()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < MinimumWorkers) ThreadPool.SetMinThreads(MinimumWorkers, io);
    }
}
