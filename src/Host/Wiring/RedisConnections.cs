using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Metrics;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Wiring;

/// <summary>
/// Makes every Redis client of the host (the stores', the acknowledged writes', SignalR's backplane; Hangfire
/// and data protection use the stores'), all with <see cref="StoreRegistration.ClientOptions"/>. Under
/// Sentinel the clients are made for the nodes the sentinels name and followed by one
/// <see cref="SentinelFollower"/>, not by StackExchange.Redis's Sentinel mode, whose failover blocks threads.
/// Every client it makes has its connection failures counted (<see cref="RedisErrorMetrics"/>).
/// </summary>
internal sealed class RedisConnections(IConfiguration configuration, ILogger<SentinelFollower> logger, TimeProvider time, RedisErrorMetrics errors)
    : IAsyncDisposable
{
    private readonly ConfigurationOptions _options = StoreRegistration.ClientOptions(configuration);
    private readonly SemaphoreSlim _starting = new(1, 1);
    private SentinelFollower? _follower;

    /// <summary>Connects a client, blocking the caller: for the host's singletons, made as it starts.</summary>
    public ConnectionMultiplexer Connect()
    {
        // Asking the sentinels is async only; this blocks once, as the host starts, before it serves.
        var follower = SentinelFollower.IsSentinel(_options) ? _follower ?? FollowerAsync().GetAwaiter().GetResult() : null;
        var client = follower?.Connect() ?? ConnectionMultiplexer.Connect(_options);
        errors.Watch(client);
        return client;
    }

    /// <summary>Connects a client whose channels all start with <paramref name="channelPrefix"/>.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync(TextWriter? log, RedisChannel channelPrefix)
    {
        var follower = SentinelFollower.IsSentinel(_options) ? await FollowerAsync() : null;
        var options = follower?.DataOptions() ?? _options.Clone();
        options.ChannelPrefix = channelPrefix;
        var client = await ConnectionMultiplexer.ConnectAsync(options, log);
        follower?.Follow(client);
        errors.Watch(client);
        return client;
    }

    private async Task<SentinelFollower> FollowerAsync()
    {
        if (_follower is { } started) return started;
        await _starting.WaitAsync();
        try { return _follower ??= await SentinelFollower.StartAsync(_options, logger, time); }
        finally { _starting.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (_follower is { } follower) await follower.DisposeAsync();
        _starting.Dispose();
    }
}
