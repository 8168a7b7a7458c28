using StackExchange.Redis;

namespace Huduma.Contact.TestSupport;

/// <summary>A running Redis deployment a test can point the host or a store at: a single server, Sentinel or Cluster.</summary>
public interface IRedisTopology
{
    /// <summary>What an operator puts in Redis__ConnectionString for this deployment.</summary>
    string ConnectionString { get; }

    ConnectionMultiplexer Connection { get; }
}

/// <summary>Looks at every primary of a deployment: a cluster spreads the keys over its nodes.</summary>
public static class RedisTopologyKeys
{
    /// <summary>
    /// How many of the app's own keys exist (huduma:…): what "stores nothing" is checked against.
    /// Hangfire's keys ({huduma-hangfire}:…) change on their own as its server beats, so they are not counted.
    /// </summary>
    public static async Task<long> AppKeyCountAsync(this IRedisTopology redis)
    {
        long count = 0;
        foreach (var server in Primaries(redis))
            await foreach (var _ in server.KeysAsync(pattern: "huduma:*", pageSize: 1000)) count++;
        return count;
    }

    /// <summary>Deletes every key matching the pattern.</summary>
    public static async Task DeleteKeysAsync(this IRedisTopology redis, string pattern)
    {
        var db = redis.Connection.GetDatabase();
        foreach (var server in Primaries(redis))
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000)) await db.KeyDeleteAsync(key);
    }

    private static IEnumerable<IServer> Primaries(IRedisTopology redis) =>
        redis.Connection.GetServers().Where(s => s.IsConnected && !s.IsReplica);
}
