using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Huduma.Contact.Core.State;

/// <summary>
/// Redis under Sentinel, followed by us instead of by StackExchange.Redis's Sentinel mode, whose failover
/// asks the sentinels once a second with blocking calls on thread-pool threads (its issue #2790: on a
/// two-core host, every request waited behind them for seconds). Nothing here blocks a thread.
/// </summary>
/// <remarks>
/// At start the sentinels are asked for the primary and its replicas, and every data client is made for those
/// nodes in the client's plain multi-node mode, without a service name: it finds the primary by asking each
/// node its role, and asks again whenever a connection drops. The sentinels drop every client connection of
/// the replica they promote and of each replica they repoint, so that is when a failover is seen, as it
/// happens. Besides that, each sentinel's <c>+switch-master</c> and a check every second make a client that
/// still writes elsewhere ask again (the case where no connection of it dropped), and the tie-breaker key
/// names the sentinels' primary, so a client that sees two primaries (an old one back before the sentinels
/// demote it) picks theirs. The nodes are the ones the sentinels knew at start: a node added later is used
/// after a restart.
/// </remarks>
public sealed class SentinelFollower : IAsyncDisposable
{
    private static readonly RedisChannel SwitchMaster = RedisChannel.Literal("+switch-master");
    private readonly string _service;
    private readonly ConfigurationOptions _data;
    private readonly IReadOnlyList<ConnectionMultiplexer> _sentinels;
    private readonly List<ConnectionMultiplexer> _followed = [];
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _checking;
    private EndPoint _primary;
    private EndPoint? _tieBrokenFor;
    private int _reconciling;
    private volatile bool _again;

    private SentinelFollower(string service, ConfigurationOptions data, IReadOnlyList<ConnectionMultiplexer> sentinels, EndPoint primary,
        ILogger logger, TimeProvider time)
    {
        _service = service;
        _data = data;
        _sentinels = sentinels;
        _primary = primary;
        _logger = logger;
        _checking = CheckEverySecondAsync(time);
    }

    /// <summary>The data nodes (primary first), with the options the follower was started with and no service name.</summary>
    public ConfigurationOptions DataOptions() => _data.Clone();

    public static bool IsSentinel(ConfigurationOptions options) => !string.IsNullOrEmpty(options.ServiceName);

    /// <summary>
    /// Asks the sentinels of <paramref name="options"/> (its endpoints and service name) for the primary and its
    /// replicas and starts following them; fails if no sentinel names a primary within the connect timeout.
    /// </summary>
    public static async Task<SentinelFollower> StartAsync(ConfigurationOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        var service = options.ServiceName ?? throw new ArgumentException("Sentinel needs a service name", nameof(options));
        // One client a sentinel: a subscription lives on one server, and the sentinel that leads a failover announces it first.
        var sentinels = await Task.WhenAll(options.EndPoints.Select(e => ConnectionMultiplexer.ConnectAsync(SentinelOptions(options, e))));
        try
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(options.ConnectTimeout);
            EndPoint? primary;
            while ((primary = await AskPrimaryAsync(sentinels, service)) is null && DateTime.UtcNow < deadline) await Task.Delay(100);
            if (primary is null)
                throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, $"no sentinel named a primary for the service {service}");
            var replicas = await AskReplicasAsync(sentinels, service);
            var data = options.Clone();
            data.ServiceName = null;
            data.EndPoints.Clear();
            data.EndPoints.Add(primary);
            foreach (var replica in replicas.Where(r => !r.Equals(primary))) data.EndPoints.Add(replica);
            var follower = new SentinelFollower(service, data, sentinels, primary, logger ?? NullLogger.Instance, time ?? TimeProvider.System);
            foreach (var sentinel in sentinels)
                // Fire and forget: a sentinel that is down now gets the subscription when the client reconnects to it.
                await sentinel.GetSubscriber().SubscribeAsync(SwitchMaster, (_, message) => follower.OnSwitch(message), CommandFlags.FireAndForget);
            return follower;
        }
        catch
        {
            foreach (var sentinel in sentinels) await sentinel.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects a data client (<see cref="DataOptions"/>) and follows it.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync(TextWriter? log = null)
    {
        var client = await ConnectionMultiplexer.ConnectAsync(DataOptions(), log);
        Follow(client);
        return client;
    }

    /// <summary>Connects a data client as <see cref="ConnectAsync"/> does, blocking the caller: for start-up only.</summary>
    public ConnectionMultiplexer Connect()
    {
        var client = ConnectionMultiplexer.Connect(DataOptions());
        Follow(client);
        return client;
    }

    /// <summary>Makes <paramref name="client"/> (made from <see cref="DataOptions"/>) write to the sentinels' primary after a failover.</summary>
    public void Follow(ConnectionMultiplexer client)
    {
        lock (_followed) _followed.Add(client);
    }

    private void OnSwitch(RedisValue message)
    {
        // "<service> <old ip> <old port> <new ip> <new port>"
        var parts = message.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 5 || parts[0] != _service || !int.TryParse(parts[4], out var port)) return;
        _ = ReconcileAsync(EndPointOf(parts[3], port));
    }

    private async Task CheckEverySecondAsync(TimeProvider time)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                // In memory while all is well; the sentinels are asked only while a client does not write to their primary.
                try
                {
                    if (!Equals(_tieBrokenFor, _primary) || Followed().Any(c => !WritesTo(c, _primary))) await ReconcileAsync(named: null);
                }
                catch (ObjectDisposedException) { } // a client closed between the listing and the look
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Brings every client to the sentinels' primary: <paramref name="named"/>, or asked now.</summary>
    private async Task ReconcileAsync(EndPoint? named)
    {
        // One at a time; a switch announced meanwhile makes the running one go round again.
        if (Interlocked.Exchange(ref _reconciling, 1) == 1) { _again = true; return; }
        try
        {
            do
            {
                _again = false;
                var primary = named ?? await AskPrimaryAsync(_sentinels, _service);
                named = null;
                if (primary is null) return; // no sentinel answers: the next check asks again
                if (!primary.Equals(_primary))
                {
                    _logger.LogWarning("Sentinel names {Primary} the primary of {Service} (was {Previous})", primary, _service, _primary);
                    _primary = primary;
                }
                foreach (var client in Followed())
                    if (Disagrees(client, primary))
                    {
                        _logger.LogInformation("A Redis client reconfigures to follow the primary {Primary}", primary);
                        try { await client.ConfigureAsync(); }
                        catch (Exception e) when (e is RedisException or ObjectDisposedException) { _logger.LogInformation("Reconfiguring a Redis client failed: {Error}", e.Message); }
                    }
                await BreakTiesAsync(primary);
            } while (_again);
        }
        catch (Exception e)
        {
            // Never unobserved: the next check tries again.
            _logger.LogWarning(e, "Following the sentinels' primary failed");
        }
        finally { Volatile.Write(ref _reconciling, 0); }
    }

    /// <summary>
    /// Writes the primary's address to the clients' tie-breaker key on the primary (so on its replicas too): a
    /// client that sees two primaries elects the one most nodes name, the sentinels' one.
    /// </summary>
    private async Task BreakTiesAsync(EndPoint primary)
    {
        if (Equals(_tieBrokenFor, primary) || string.IsNullOrEmpty(_data.TieBreaker)) return;
        var client = Followed().FirstOrDefault(c => ServerOrNull(c, primary) is { IsConnected: true, IsReplica: false });
        if (client is null) return;
        try
        {
            await client.GetServer(primary).ExecuteAsync("SET", _data.TieBreaker, Describe(primary));
            _tieBrokenFor = primary;
        }
        catch (RedisException e)
        {
            // NOREPLICAS just after a promotion, say: the next check writes it.
            _logger.LogInformation("Writing the tie-breaker on {Primary} failed: {Error}", primary, e.Message);
        }
    }

    /// <summary>True when the client's writes go to <paramref name="primary"/> and to no other node.</summary>
    private static bool WritesTo(ConnectionMultiplexer client, EndPoint primary) =>
        ServerOrNull(client, primary) is { IsConnected: true, IsReplica: false } && !OtherPrimaries(client, primary);

    /// <summary>
    /// True when asking the nodes their roles again would change where the client writes: the primary is
    /// connected but taken for a replica, or another connected node is taken for a primary. While the
    /// primary is not connected there is nothing to change: the client reconnects on its own.
    /// </summary>
    private static bool Disagrees(ConnectionMultiplexer client, EndPoint primary) =>
        ServerOrNull(client, primary) is { IsConnected: true } server && (server.IsReplica || OtherPrimaries(client, primary));

    private static bool OtherPrimaries(ConnectionMultiplexer client, EndPoint primary) =>
        client.GetServers().Any(s => !s.EndPoint.Equals(primary) && s.IsConnected && !s.IsReplica);

    private static IServer? ServerOrNull(ConnectionMultiplexer client, EndPoint endpoint)
    {
        try { return client.GetServer(endpoint); }
        catch (Exception e) when (e is ArgumentException or ObjectDisposedException or NotSupportedException) { return null; } // a node added after start, or a closed client
    }

    private List<ConnectionMultiplexer> Followed()
    {
        lock (_followed)
        {
            _followed.RemoveAll(IsClosed);
            return [.. _followed];
        }
    }

    private static bool IsClosed(ConnectionMultiplexer client)
    {
        try { _ = client.GetServers(); return false; }
        catch (ObjectDisposedException) { return true; }
    }

    private static async Task<EndPoint?> AskPrimaryAsync(IReadOnlyList<ConnectionMultiplexer> sentinels, string service)
    {
        foreach (var sentinel in sentinels)
        {
            try
            {
                if (await sentinel.GetServers()[0].SentinelGetMasterAddressByNameAsync(service) is { } primary) return primary;
            }
            catch (RedisException) { } // that sentinel is away: ask the next
        }
        return null;
    }

    private static async Task<EndPoint[]> AskReplicasAsync(IReadOnlyList<ConnectionMultiplexer> sentinels, string service)
    {
        foreach (var sentinel in sentinels)
        {
            try { return await sentinel.GetServers()[0].SentinelGetReplicaAddressesAsync(service); }
            catch (RedisException) { }
        }
        return [];
    }

    private static ConfigurationOptions SentinelOptions(ConfigurationOptions options, EndPoint sentinel)
    {
        var own = options.Clone();
        own.ServiceName = null;
        own.EndPoints.Clear();
        own.EndPoints.Add(sentinel);
        own.CommandMap = CommandMap.Sentinel;
        // Sentinels keep no data: no reconfiguration broadcasts, no tie-breaker reads.
        own.ConfigurationChannel = "";
        own.TieBreaker = "";
        return own;
    }

    private static EndPoint EndPointOf(string host, int port) =>
        IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);

    /// <summary>An address as the client names a node when it reads the tie-breaker ("host:port").</summary>
    private static string Describe(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endpoint.ToString()!,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _checking;
        foreach (var sentinel in _sentinels) await sentinel.DisposeAsync();
        _stop.Dispose();
    }
}
