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
/// WAIT goes to the node that holds the key, which on a cluster is one of several primaries. Writers to a
/// node share its WAITs (a group commit): one WAIT covers every write made on the connection before it was
/// sent, so a writer waits for the first WAIT sent after its write, and a node has one WAIT in flight at a
/// time. Without that, a burst of writes to a node whose replicas do not answer (a new primary, right
/// after a failover) queued a WAIT each behind one another, a timeout each: seconds for the last of them.
/// </remarks>
internal sealed class ReplicaAcknowledgement(IConnectionMultiplexer connection, int replicas, TimeSpan timeout, TimeProvider? clock = null)
{
    /// <summary>
    /// How long a node whose replicas did not answer is passed over: right after a failover the new
    /// primary has no replica for a few seconds, and a cluster primary whose replica took over for a dead
    /// one has none until it is replaced. Writers go to another node meanwhile rather than wait a timeout.
    /// </summary>
    public static readonly TimeSpan PassOver = TimeSpan.FromSeconds(1);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<EndPoint, DateTimeOffset> _passedOver = new();
    private readonly ConcurrentDictionary<EndPoint, SharedWait> _waits = new();

    public int Replicas => replicas;

    /// <exception cref="RedisException">The replicas did not acknowledge the write in time, or the key's
    /// node is passed over just now (nothing written then): the caller may write elsewhere, or fail.</exception>
    public async Task WriteAsync(RedisKey key, Func<IDatabase, Task> write)
    {
        // Where the key lives, from the client's own slot map: no round trip on the connection WAITs hold.
        var node = connection.GetServer(key, flags: CommandFlags.DemandMaster).EndPoint;
        if (_passedOver.TryGetValue(node, out var until))
        {
            // Passed over; once the second is up, one write tries it again (it takes the next second for
            // itself), and every other goes elsewhere meanwhile.
            var now = _clock.GetUtcNow();
            if (now < until || !_passedOver.TryUpdate(node, now + PassOver, until))
                throw new RedisException($"the node of '{key}' had too few replicas answering a moment ago; not written");
        }
        var db = connection.GetDatabase();
        await write(db);
        var server = connection.GetServer(key, flags: CommandFlags.DemandMaster);
        var acknowledged = await _waits.GetOrAdd(server.EndPoint, _ => new SharedWait()).AfterAsync(
            async () => (long)await server.ExecuteAsync("WAIT", replicas, (long)timeout.TotalMilliseconds));
        if (acknowledged < replicas)
        {
            _passedOver[server.EndPoint] = _clock.GetUtcNow() + PassOver;
            throw new RedisException($"only {acknowledged} of {replicas} replica(s) acknowledged the write of '{key}' within {timeout.TotalMilliseconds} ms");
        }
        _passedOver.TryRemove(server.EndPoint, out _);
    }

    /// <summary>One node's WAITs, shared by the writers who finished a write before each was sent.</summary>
    private sealed class SharedWait
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource<long>? _next;
        private bool _sending;

        /// <summary>The answer of a WAIT sent after this call: it covers every write the caller finished before it.</summary>
        public Task<long> AfterAsync(Func<Task<long>> wait)
        {
            TaskCompletionSource<long> mine;
            bool send;
            lock (_lock)
            {
                mine = _next ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                send = !_sending;
                _sending = true;
            }
            if (send) _ = SendAsync(wait);
            return mine.Task;
        }

        /// <summary>Sends one WAIT for everyone waiting, then another for whoever came meanwhile, until nobody waits.</summary>
        private async Task SendAsync(Func<Task<long>> wait)
        {
            while (true)
            {
                TaskCompletionSource<long> batch;
                lock (_lock)
                {
                    if (_next is null)
                    {
                        _sending = false;
                        return;
                    }
                    batch = _next;
                    _next = null;
                }
                try { batch.SetResult(await wait()); }
                catch (Exception e) { batch.SetException(e); }
            }
        }
    }
}
