using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// huduma:{esc}:seq numbers tickets, huduma:{esc}:ticket:{ref} holds each as JSON, huduma:{esc}:open is a
/// sorted set of waiting tickets by creation time, huduma:{esc}:claimed one of claimed tickets by claim time,
/// huduma:{esc}:resolved one of resolved tickets by resolution time,
/// huduma:{esc}:key:{idempotency key} names the ticket made for a key. The
/// {esc} hash tag keeps them in one cluster slot, so one script writes a ticket, its queue entry and its
/// key together — or finds the ticket the key already made.
/// </summary>
public sealed class RedisEscalationStore(IConnectionMultiplexer redis, TimeProvider clock) : IEscalationStore
{
    private const string Prefix = RedisStateStore.Namespace + "{esc}:";
    private static readonly RedisKey Sequence = Prefix + "seq";
    private static readonly RedisKey Open = Prefix + "open";
    private static readonly RedisKey Claimed = Prefix + "claimed";
    private static readonly RedisKey Resolved = Prefix + "resolved";
    private static RedisKey Ticket(string reference) => Prefix + "ticket:" + reference;

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
        var sequence = await Db.StringIncrementAsync(Sequence);
        var ticket = EscalationFactory.Create(request, EscalationReference.Format(sequence), clock);
        var ticketKey = Ticket(ticket.Reference);
        RedisKey idempotency = request.IdempotencyKey is { } key ? Prefix + "key:" + key : ticketKey;
        var made = (string?)await Db.ScriptEvaluateAsync(CreateScript, [ticketKey, Open, idempotency],
        [
            ticket.Reference, StateJson.Serialize(ticket), ticket.CreatedAt.ToUnixTimeMilliseconds(),
            request.IdempotencyKey is null ? 0 : (long)IdempotencyWindow.TotalMilliseconds,
        ]);
        if (made == ticket.Reference) return ticket;
        return await GetAsync(made!, ct) ?? throw new RedisException($"escalation {made} named by its idempotency key is missing");
    }

    public async Task<Escalation?> GetAsync(string reference, CancellationToken ct = default)
    {
        var json = await Db.StringGetAsync(Ticket(reference));
        return json.IsNullOrEmpty ? null : Read(json.ToString());
    }

    public Task<IReadOnlyList<Escalation>> ListOpenAsync(int max = 100, CancellationToken ct = default) =>
        ListAsync(Open, EscalationStatus.Open, max);

    public Task<IReadOnlyList<Escalation>> ListClaimedAsync(int max = 100, CancellationToken ct = default) =>
        ListAsync(Claimed, EscalationStatus.Claimed, max);

    public Task<long> CountAsync(string status, CancellationToken ct = default) => status switch
    {
        EscalationStatus.Open => Db.SortedSetLengthAsync(Open),
        EscalationStatus.Claimed => Db.SortedSetLengthAsync(Claimed),
        _ => throw new ArgumentOutOfRangeException(nameof(status), "counted: open or claimed"),
    };

    private async Task<IReadOnlyList<Escalation>> ListAsync(RedisKey queue, string status, int max)
    {
        // Sorted by the queue's score already; a ticket changed between the two reads is left out.
        return (await TicketsAsync(await Db.SortedSetRangeByRankAsync(queue, 0, max - 1))).Where(t => t.Status == status).ToList();
    }

    /// <summary>The tickets named, in that order (one MGET), leaving out any that is gone.</summary>
    private async Task<IReadOnlyList<Escalation>> TicketsAsync(RedisValue[] references)
    {
        if (references.Length == 0) return [];
        var values = await Db.StringGetAsync(references.Select(r => Ticket(r.ToString())).ToArray());
        return values.Where(v => !v.IsNullOrEmpty).Select(v => Read(v.ToString())).ToList();
    }

    public async Task<IReadOnlyList<Escalation>> ListResolvedAsync(DateTimeOffset since, int max = 10_000, CancellationToken ct = default)
    {
        return await TicketsAsync(await Db.SortedSetRangeByScoreAsync(Resolved, since.ToUnixTimeMilliseconds(), double.PositiveInfinity, take: max));
    }

    // KEYS: the resolved set. ARGV: before (ms), max. Each ticket's key is derived from the set's own name
    // (same {esc} slot), so one script removes both.
    private const string PurgeScript = """
        local refs = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #'resolved') .. 'ticket:'
        for _, ref in ipairs(refs) do
          redis.call('DEL', prefix .. ref)
          redis.call('ZREM', KEYS[1], ref)
        end
        return #refs
        """;

    public async Task<int> PurgeResolvedAsync(DateTimeOffset before, int max = 10_000, CancellationToken ct = default) =>
        (int)(long)await Db.ScriptEvaluateAsync(PurgeScript, [Resolved], [before.ToUnixTimeMilliseconds(), max]);

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
        var replaced = (long)await Db.ScriptEvaluateAsync(ReplaceScript, [Ticket(expected.Reference), Open, Claimed, Resolved],
            [_readFrom.TryGetValue(expected, out var read) ? read : StateJson.Serialize(expected), StateJson.Serialize(next), next.Reference, next.Status, score]);
        return replaced == 1;
    }
}
