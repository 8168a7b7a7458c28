using System.Collections.Concurrent;
using System.Net;
using StackExchange.Redis;

namespace Huduma.Contact.Core.State;

/// <summary>
/// Writes that must survive the loss of their primary: after the write, WAIT until
/// <paramref name="replicas"/> replicas have it (Redis:ReplicasToAcknowledge), or fail. Replication is
/// asynchronous, so without this a write acknowledged just before its primary dies may be lost with it.
/// </summary>
/// <remarks>
/// WAIT counts the writes of the connection it is sent on, and blocks that connection until the replicas
/// answer. So these writes get a connection of their own (<paramref name="connection"/>, not the one every
/// request shares): a replica that is slow or gone holds only these writes, for at most <paramref name="timeout"/>.
/// WAIT goes to the node that holds the key, which on a cluster is one of several primaries.
/// </remarks>
public sealed class ReplicaAcknowledgement(IConnectionMultiplexer connection, int replicas, TimeSpan timeout, TimeProvider? clock = null)
{
    /// <summary>
    /// How long a node whose replicas did not answer is passed over. Its WAITs would each hold the node's
    /// one acknowledged-writes connection for the whole timeout, one after another: a queue of webhooks
    /// waiting behind them. Right after a failover the new primary has no replica for a few seconds, and a
    /// cluster primary whose replica took over for a dead one has none until it is replaced.
    /// </summary>
    public static readonly TimeSpan PassOver = TimeSpan.FromSeconds(1);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<EndPoint, DateTimeOffset> _passedOver = new();

    public int Replicas => replicas;

    /// <exception cref="RedisException">The replicas did not acknowledge the write in time, or the key's
    /// node is passed over just now (nothing written then): the caller may write elsewhere, or fail.</exception>
    public async Task WriteAsync(RedisKey key, Func<IDatabase, Task> write)
    {
        var db = connection.GetDatabase();
        var node = await db.IdentifyEndpointAsync(key);
        if (node is not null && _passedOver.TryGetValue(node, out var until))
        {
            // Passed over; once the second is up, one write tries it again (it takes the next second for
            // itself), and every other goes elsewhere meanwhile: no queue of WAITs behind the one probe.
            var now = _clock.GetUtcNow();
            if (now < until || !_passedOver.TryUpdate(node, now + PassOver, until))
                throw new RedisException($"the node of '{key}' had too few replicas answering a moment ago; not written");
        }
        await write(db);
        node = await db.IdentifyEndpointAsync(key);
        var acknowledged = (long)await connection.GetServer(node!).ExecuteAsync("WAIT", replicas, (long)timeout.TotalMilliseconds);
        if (acknowledged < replicas)
        {
            _passedOver[node!] = _clock.GetUtcNow() + PassOver;
            throw new RedisException($"only {acknowledged} of {replicas} replica(s) acknowledged the write of '{key}' within {timeout.TotalMilliseconds} ms");
        }
        _passedOver.TryRemove(node!, out _);
    }
}
