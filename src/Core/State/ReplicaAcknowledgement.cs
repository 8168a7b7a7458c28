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
public sealed class ReplicaAcknowledgement(IConnectionMultiplexer connection, int replicas, TimeSpan timeout)
{
    public int Replicas => replicas;

    public async Task WriteAsync(RedisKey key, Func<IDatabase, Task> write)
    {
        var db = connection.GetDatabase();
        await write(db);
        var node = await db.IdentifyEndpointAsync(key);
        var acknowledged = (long)await connection.GetServer(node!).ExecuteAsync("WAIT", replicas, (long)timeout.TotalMilliseconds);
        if (acknowledged < replicas)
            throw new RedisException($"only {acknowledged} of {replicas} replica(s) acknowledged the write of '{key}' within {timeout.TotalMilliseconds} ms");
    }
}
