using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// Tickets in <see cref="RedisBuckets.Count"/> buckets, each under its own hash tag {esc:b}:
/// huduma:{esc:b}:ticket:{ref} holds a ticket as JSON, :open is a sorted set of waiting tickets by creation
/// time, :claimed one of claimed tickets by claim time, :resolved one of resolved tickets by resolution
/// time, :key:{idempotency key} names the ticket made for a key. One script writes a ticket, its queue entry
/// and its key together — or finds the ticket the key already made — because they share the bucket. The
/// buckets' tags put them on every primary of a cluster. A list (the agents' queue, the dashboard) reads
/// the head of every bucket and merges them, so the oldest ticket of the whole desk comes first.
/// A ticket's number says its bucket (number mod <see cref="RedisBuckets.Count"/>): the one counter,
/// huduma:{esc}:seq, gives n, and the ticket is numbered n × buckets + its bucket, so references stay
/// unique and in the order tickets were made. That counter is one INCR a ticket on one primary, against
/// a dozen commands over a ticket's life in its bucket. A ticket asked for with an idempotency key goes
/// to the key's bucket (a retry finds it there); one without, to the bucket of its number.
/// </summary>
public sealed class RedisEscalationStore(IConnectionMultiplexer redis, TimeProvider clock) : IEscalationStore
{
    private static readonly RedisBuckets Buckets = new("esc");
    private static readonly RedisKey Sequence = RedisStateStore.Namespace + "{esc}:seq";
    private static string Prefix(int bucket) => RedisStateStore.Namespace + Buckets.Tag(bucket) + ":";
    private static RedisKey Open(int bucket) => Prefix(bucket) + "open";
    private static RedisKey Claimed(int bucket) => Prefix(bucket) + "claimed";
    private static RedisKey Resolved(int bucket) => Prefix(bucket) + "resolved";
    private static RedisKey Ticket(string reference) => BucketOf(reference) is { } b ? Prefix(b) + "ticket:" + reference : default;

    /// <summary>The bucket a reference's number names; null for what is not a reference.</summary>
    private static int? BucketOf(string reference) =>
        reference.StartsWith("HK", StringComparison.Ordinal) && long.TryParse(reference.AsSpan(2), out var number) && number >= 0
            ? (int)(number % RedisBuckets.Count) : null;

    private IDatabase Db => redis.GetDatabase();

    // The JSON each ticket was read from, so a compare-and-set compares what is stored with what was read,
    // byte for byte, even when the ticket was written by an older version without a newer field.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Escalation, string> _readFrom = new();

    private Escalation Read(string json)
    {
        var ticket = StateJson.Deserialize<Escalation>(json)!;
        _readFrom.AddOrUpdate(ticket, json);
        return ticket;
    }

    // KEYS: ticket, open queue, idempotency key (or the ticket again when there is none).
    // ARGV: reference, ticket JSON, creation time (ms), idempotency TTL (ms; 0 = no key).
    private const string CreateScript = """
        if ARGV[4] ~= '0' then
          local existing = redis.call('GET', KEYS[3])
          if existing then return existing end
          redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[4])
        end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return ARGV[1]
        """;

    // A retried request arrives within seconds; a day is ample and keeps the keys from piling up.
    private static readonly TimeSpan IdempotencyWindow = TimeSpan.FromDays(1);

    public async Task<Escalation> CreateAsync(NewEscalation request, CancellationToken ct = default)
    {
        var n = await Db.StringIncrementAsync(Sequence);
        var bucket = request.IdempotencyKey is { } key ? RedisBuckets.Of(key) : (int)(n % RedisBuckets.Count);
        var ticket = EscalationFactory.Create(request, EscalationReference.Format(n * RedisBuckets.Count + bucket), clock);
        var ticketKey = Ticket(ticket.Reference);
        RedisKey idempotency = request.IdempotencyKey is { } k ? Prefix(bucket) + "key:" + k : ticketKey;
        var made = (string?)await Db.ScriptEvaluateAsync(CreateScript, [ticketKey, Open(bucket), idempotency],
        [
            ticket.Reference, StateJson.Serialize(ticket), ticket.CreatedAt.ToUnixTimeMilliseconds(),
            request.IdempotencyKey is null ? 0 : (long)IdempotencyWindow.TotalMilliseconds,
        ]);
        if (made == ticket.Reference) return ticket;
        return await GetAsync(made!, ct) ?? throw new RedisException($"escalation {made} named by its idempotency key is missing");
    }

    public async Task<Escalation?> GetAsync(string reference, CancellationToken ct = default)
    {
        if (BucketOf(reference) is null) return null;
        var json = await Db.StringGetAsync(Ticket(reference));
        return json.IsNullOrEmpty ? null : Read(json.ToString());
    }

    public Task<IReadOnlyList<Escalation>> ListOpenAsync(int max = 100, CancellationToken ct = default) =>
        ListAsync(Open, EscalationStatus.Open, max);

    public Task<IReadOnlyList<Escalation>> ListClaimedAsync(int max = 100, CancellationToken ct = default) =>
        ListAsync(Claimed, EscalationStatus.Claimed, max);

    public async Task<long> CountAsync(string status, CancellationToken ct = default)
    {
        Func<int, RedisKey> queue = status switch
        {
            EscalationStatus.Open => Open,
            EscalationStatus.Claimed => Claimed,
            _ => throw new ArgumentOutOfRangeException(nameof(status), "counted: open or claimed"),
        };
        return (await Task.WhenAll(Buckets.All.Select(b => Db.SortedSetLengthAsync(queue(b))))).Sum();
    }

    private async Task<IReadOnlyList<Escalation>> ListAsync(Func<int, RedisKey> queue, string status, int max)
    {
        // The first max of each bucket, merged by the queues' score; a ticket changed between the reads is left out.
        var heads = await Task.WhenAll(Buckets.All.Select(b => Db.SortedSetRangeByRankWithScoresAsync(queue(b), 0, max - 1)));
        return (await TicketsAsync(Merge(heads, max))).Where(t => t.Status == status).ToList();
    }

    /// <summary>The first <paramref name="max"/> of several sorted sets' entries, by score, then by number (the order tickets were made).</summary>
    private static RedisValue[] Merge(IEnumerable<SortedSetEntry[]> sets, int max) =>
        sets.SelectMany(s => s).OrderBy(e => e.Score).ThenBy(e => e.Element.ToString().Length).ThenBy(e => e.Element.ToString(), StringComparer.Ordinal)
            .Take(max).Select(e => e.Element).ToArray();

    /// <summary>The tickets named, in that order (one MGET per bucket), leaving out any that is gone.</summary>
    private async Task<IReadOnlyList<Escalation>> TicketsAsync(RedisValue[] references)
    {
        if (references.Length == 0) return [];
        var values = await redis.StringGetManyAsync(Db, references.Select(r => Ticket(r.ToString())).ToArray());
        return values.Where(v => !v.IsNullOrEmpty).Select(v => Read(v.ToString())).ToList();
    }

    public async Task<IReadOnlyList<Escalation>> ListResolvedAsync(DateTimeOffset since, int max = 10_000, CancellationToken ct = default)
    {
        var sets = await Task.WhenAll(Buckets.All.Select(b =>
            Db.SortedSetRangeByScoreWithScoresAsync(Resolved(b), since.ToUnixTimeMilliseconds(), double.PositiveInfinity, take: max)));
        return await TicketsAsync(Merge(sets, max));
    }

    // KEYS: the resolved set. ARGV: before (ms), max. Each ticket's key is derived from the set's own name
    // (same bucket, same slot), so one script removes both.
    private const string PurgeScript = """
        local refs = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #'resolved') .. 'ticket:'
        for _, ref in ipairs(refs) do
          redis.call('DEL', prefix .. ref)
          redis.call('ZREM', KEYS[1], ref)
        end
        return #refs
        """;

    public async Task<int> PurgeResolvedAsync(DateTimeOffset before, int max = 10_000, CancellationToken ct = default)
    {
        var purged = 0;
        foreach (var b in Buckets.All)
        {
            if (purged >= max) break;
            purged += (int)(long)await Db.ScriptEvaluateAsync(PurgeScript, [Resolved(b)], [before.ToUnixTimeMilliseconds(), max - purged]);
        }
        return purged;
    }

    // KEYS: ticket, open queue, claimed queue, resolved set. ARGV: expected JSON, next JSON, reference, next status, score (ms).
    private const string ReplaceScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('ZREM', KEYS[2], ARGV[3])
        redis.call('ZREM', KEYS[3], ARGV[3])
        if ARGV[4] == 'open' then redis.call('ZADD', KEYS[2], ARGV[5], ARGV[3])
        elseif ARGV[4] == 'claimed' then redis.call('ZADD', KEYS[3], ARGV[5], ARGV[3])
        elseif ARGV[4] == 'resolved' then redis.call('ZADD', KEYS[4], ARGV[5], ARGV[3]) end
        return 1
        """;

    public async Task<bool> ReplaceAsync(Escalation expected, Escalation next, CancellationToken ct = default)
    {
        // A released ticket keeps its place in the queue (its creation time); a claimed one is ordered by claim.
        var score = (next.Status switch
        {
            EscalationStatus.Claimed => next.ClaimedAt ?? next.CreatedAt,
            EscalationStatus.Resolved => next.ResolvedAt ?? next.CreatedAt,
            _ => next.CreatedAt,
        }).ToUnixTimeMilliseconds();
        if (BucketOf(expected.Reference) is not { } b) return false;
        var replaced = (long)await Db.ScriptEvaluateAsync(ReplaceScript, [Ticket(expected.Reference), Open(b), Claimed(b), Resolved(b)],
            [_readFrom.TryGetValue(expected, out var read) ? read : StateJson.Serialize(expected), StateJson.Serialize(next), next.Reference, next.Status, score]);
        return replaced == 1;
    }

    /// <summary>
    /// Moves the tickets a deployment on the one-slot layout left (huduma:{esc}:ticket:…, :open, :claimed,
    /// :resolved) into their buckets (the bucket of the ticket's number); called once at start
    /// (RedisLayoutMigration). Written to the bucket before removed from the old keys, so a host that dies
    /// part way leaves a ticket in both and the next start finishes the move (keeping the bucket's copy). The counter huduma:{esc}:seq
    /// stays where it was: the numbers made from it now (n × buckets + bucket) are all above the old ones.
    /// The old idempotency keys are left to expire (a day): a provider's retry of a request made before the
    /// upgrade and repeated after it would make a second ticket.
    /// </summary>
    public async Task<int> MoveOneSlotLayoutAsync(CancellationToken ct = default)
    {
        const string old = RedisStateStore.Namespace + "{esc}:";
        var moved = 0;
        foreach (var (name, to) in new[] { ("open", (Func<int, RedisKey>)Open), ("claimed", Claimed), ("resolved", Resolved) })
            foreach (var entry in await Db.SortedSetRangeByRankWithScoresAsync(old + name))
            {
                var reference = entry.Element.ToString();
                RedisKey oldTicket = old + "ticket:" + reference;
                if (BucketOf(reference) is { } b && await Db.StringGetAsync(oldTicket) is { IsNullOrEmpty: false } json)
                {
                    // Already there (a move cut short, then the ticket changed): the bucket's copy is the newer.
                    if (await Db.StringSetAsync(Ticket(reference), json, when: When.NotExists))
                        await Db.SortedSetAddAsync(to(b), entry.Element, entry.Score);
                    moved++;
                }
                await Db.KeyDeleteAsync(oldTicket);
                await Db.SortedSetRemoveAsync(old + name, entry.Element);
            }
        return moved;
    }
}
