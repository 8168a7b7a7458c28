using System.Collections.Concurrent;
using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// The outbound queue on Redis Streams: eight streams (huduma:sms:queue:{tag}), each with the consumer
/// group "senders" that every host reads as its own consumer. A message goes to the stream its id hashes
/// to (or, when that stream's replicas do not acknowledge it, the next whose do), so the same message
/// queued twice lands in one stream unless a failover moved it.
/// </summary>
/// <remarks>
/// Each stream's hash tag was chosen so that its slot lies in a different eighth of the 16,384 cluster
/// slots: on a cluster whose primaries hold even ranges of slots (what redis-cli --cluster create gives),
/// three primaries hold three, two and three streams, and none more than half of the queue's commands.
/// Reads never block (no XREADGROUP BLOCK): the connection is shared with every request, and a blocked
/// command would hold the commands queued behind it. The drain polls instead.
/// An acknowledged entry is deleted (XACK then XDEL, one round trip), so a stream holds only what is
/// still to send. Nothing is created until the first message is queued: the group is made with the
/// stream's first entry.
/// </remarks>
internal sealed class RedisSmsQueue(IConnectionMultiplexer redis, ReplicaAcknowledgement? acknowledgement = null) : ISmsQueue
{
    public const string Group = "senders";
    private static readonly string[] Tags = ["sms-queue-2", "sms-queue-11", "sms-queue-3", "sms-queue-10", "sms-queue-0", "sms-queue-13", "sms-queue-1", "sms-queue-12"];
    public static int Buckets => Tags.Length;
    public static RedisKey Key(int bucket) => $"huduma:sms:queue:{{{Tags[bucket]}}}";

    private IDatabase Db => redis.GetDatabase();
    // Streams this process has made sure have the group.
    private readonly ConcurrentDictionary<int, bool> _grouped = new();

    public async Task EnqueueAsync(OutboundSms message, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(message.Id);
        var bucket = BucketOf(message.Id);
        NameValueEntry[] fields =
        [
            new("id", message.Id), new("to", message.To), new("text", message.Text), new("purpose", message.Purpose),
            .. Optional("ref", message.Reference), .. Optional("tp", message.TraceParent),
        ];
        if (acknowledgement is null) await Db.StreamAddAsync(Key(bucket), fields);
        else bucket = await AddAcknowledgedAsync(bucket, fields);
        if (!_grouped.ContainsKey(bucket)) await EnsureGroupAsync(bucket);
    }

    private static NameValueEntry[] Optional(string name, string? value) => value is null ? [] : [new(name, value)];

    /// <summary>
    /// Adds to the message's own stream if its replicas acknowledge it, else to the next stream whose do:
    /// on a cluster whose primary lost its replica to a failover, the other primaries' streams still take
    /// acknowledged writes. Written twice (unacknowledged in one stream, then in another), the message is
    /// still sent once: the drain settles a second copy from the outbox by its id.
    /// </summary>
    private async Task<int> AddAcknowledgedAsync(int bucket, NameValueEntry[] fields)
    {
        RedisException? first = null;
        for (var i = 0; i < Buckets; i++)
        {
            var b = (bucket + i) % Buckets;
            try
            {
                await acknowledgement!.WriteAsync(Key(b), db => db.StreamAddAsync(Key(b), fields));
                return b;
            }
            catch (RedisException e) { first ??= e; } // too few replicas, or its node down: the next stream
        }
        throw first!;
    }

    public async Task<IReadOnlyList<QueuedSms>> ReadAsync(string consumer, int count, CancellationToken ct = default)
    {
        // One command a stream, all sent at once: a round trip for the lot.
        var reads = Shares(count).Select(s => ReadBucketAsync(s.Bucket, consumer, s.Count)).ToList();
        return (await Task.WhenAll(reads)).SelectMany(r => r).ToList();
    }

    private int _turn;

    /// <summary>
    /// The count split over the streams; the streams that get the remainder take turns, so that a small
    /// count still reaches every stream. Whatever a stream gives is pending with the reader: asking each
    /// for the whole count could hand a reader more than it asked for.
    /// </summary>
    private IEnumerable<(int Bucket, int Count)> Shares(int count)
    {
        var first = Interlocked.Increment(ref _turn);
        for (var i = 0; i < Buckets; i++)
        {
            var share = count / Buckets + (i < count % Buckets ? 1 : 0);
            if (share > 0) yield return ((int)((uint)(first + i) % (uint)Buckets), share);
        }
    }

    private async Task<IReadOnlyList<QueuedSms>> ReadBucketAsync(int bucket, string consumer, int count)
    {
        var entries = await WithGroupAsync(bucket, () => Db.StreamReadGroupAsync(Key(bucket), Group, consumer, StreamPosition.NewMessages, count));
        return entries.Select(e => Parse(bucket, e)).OfType<QueuedSms>().ToList();
    }

    public async Task<IReadOnlyList<QueuedSms>> ClaimIdleAsync(string consumer, TimeSpan idle, int count, CancellationToken ct = default)
    {
        var claims = Shares(count).Select(async share =>
        {
            var claimed = await WithGroupAsync(share.Bucket, async () =>
                (await Db.StreamAutoClaimAsync(Key(share.Bucket), Group, consumer, (long)idle.TotalMilliseconds, "0-0", share.Count)).ClaimedEntries ?? []);
            return claimed.Select(e => Parse(share.Bucket, e)).OfType<QueuedSms>().ToList();
        }).ToList();
        return (await Task.WhenAll(claims)).SelectMany(c => c).ToList();
    }

    public async Task AcknowledgeAsync(QueuedSms entry, CancellationToken ct = default)
    {
        var key = Key(entry.Bucket);
        var batch = Db.CreateBatch();
        var acked = batch.StreamAcknowledgeAsync(key, Group, entry.EntryId);
        var deleted = batch.StreamDeleteAsync(key, [entry.EntryId]);
        batch.Execute();
        await Task.WhenAll(acked, deleted);
    }

    // Checked and deleted in one step: a consumer deleted with entries pending would take them out of reach of every claim.
    private const string ForgetIdleScript = """
        local forgotten = 0
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local fields = {}
          for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
          if fields['pending'] == 0 and fields['idle'] >= tonumber(ARGV[2]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
            forgotten = forgotten + 1
          end
        end
        return forgotten
        """;

    public async Task<int> ForgetIdleConsumersAsync(TimeSpan idle, CancellationToken ct = default)
    {
        var forgotten = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(async bucket =>
        {
            try { return (int)await Db.ScriptEvaluateAsync(ForgetIdleScript, [Key(bucket)], [Group, (long)idle.TotalMilliseconds]); }
            catch (RedisServerException e) when (e.Message.Contains("no such key") || e.Message.Contains("NOGROUP")) { return 0; } // never written
        }));
        return forgotten.Sum();
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        var lengths = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(b => Db.StreamLengthAsync(Key(b))));
        return lengths.Sum();
    }

    /// <summary>Runs a group command; a stream without the group (never written, or Redis restarted empty) reads as empty.</summary>
    private async Task<T[]> WithGroupAsync<T>(int bucket, Func<Task<T[]>> command)
    {
        try { return await command(); }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            _grouped.TryRemove(bucket, out _);
            // The stream may exist (its writer died before making the group): make it, and read next time.
            if (await Db.KeyExistsAsync(Key(bucket))) await EnsureGroupAsync(bucket);
            return [];
        }
    }

    private async Task EnsureGroupAsync(int bucket)
    {
        try
        {
            // From the stream's start: entries queued before the group existed are read too.
            await Db.StreamCreateConsumerGroupAsync(Key(bucket), Group, "0-0", createStream: false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal)) { }
        _grouped[bucket] = true;
    }

    private QueuedSms? Parse(int bucket, StreamEntry entry)
    {
        // An entry deleted while pending (XDEL by an acknowledging consumer) comes back without fields.
        if (entry.IsNull || entry.Values is not { Length: > 0 }) return null;
        string? Field(string name) => entry[name] is { IsNull: false } v ? v.ToString() : null;
        var id = entry.Id.ToString();
        var millis = long.Parse(id.AsSpan(0, id.IndexOf('-')));
        return new QueuedSms(id, bucket, new OutboundSms(Field("to") ?? "", Field("text") ?? "", Field("purpose") ?? "", Field("id"), Field("ref"), Field("tp")),
            DateTimeOffset.FromUnixTimeMilliseconds(millis));
    }

    /// <summary>FNV-1a: the same bucket for the same id in every process (string.GetHashCode differs between runs).</summary>
    public static int BucketOf(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)Buckets);
    }
}
