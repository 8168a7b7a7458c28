using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Assignment;

/// <summary>
/// Presence and offers in Redis, every key under the hash tag {agents} (one slot, so scripts may touch
/// several): :status (agent → status and languages), :consoles (a sorted set of "agent␟connection" by
/// heartbeat deadline, ms: a console not renewed by then no longer counts), :offered (agent → when last
/// offered, ms), :offers (reference → the pending offer) and :deadlines (a sorted set of references by
/// offer deadline, ms), which every host sweeps: one script takes the expired ones, so each moves on once.
/// Times compared are the caller's clock (<see cref="TimeProvider"/>), as the hosts' clocks are NTP-synchronised.
/// </summary>
public sealed class RedisAssignmentStore(IConnectionMultiplexer redis, TimeProvider clock) : IAssignmentStore
{
    private const string Prefix = RedisStateStore.Namespace + "{agents}:";
    private static readonly RedisKey Statuses = Prefix + "status", Consoles = Prefix + "consoles", Offered = Prefix + "offered",
        Offers = Prefix + "offers", Deadlines = Prefix + "deadlines";
    private const char Separator = '\u001f';

    private IDatabase Db => redis.GetDatabase();

    private sealed record StoredStatus(string Status, IReadOnlyList<string> Languages);

    public Task SetStatusAsync(string agent, string status, IReadOnlyList<string> languages, CancellationToken ct = default) =>
        Db.HashSetAsync(Statuses, agent, StateJson.Serialize(new StoredStatus(status, languages)));

    public async Task HeartbeatAsync(IReadOnlyCollection<(string Agent, string Connection)> consoles, DateTimeOffset until, CancellationToken ct = default)
    {
        if (consoles.Count == 0) return;
        var deadline = until.ToUnixTimeMilliseconds();
        await Db.SortedSetAddAsync(Consoles, consoles.Select(c => new SortedSetEntry(c.Agent + Separator + c.Connection, deadline)).ToArray());
        // Entries of consoles that closed without a word (a host killed) go once they have expired.
        await Db.SortedSetRemoveRangeByScoreAsync(Consoles, double.NegativeInfinity, clock.GetUtcNow().ToUnixTimeMilliseconds(), Exclude.Stop);
    }

    public Task DisconnectedAsync(string agent, string connection, CancellationToken ct = default) =>
        Db.SortedSetRemoveAsync(Consoles, agent + Separator + connection);

    public async Task<IReadOnlyList<AgentPresence>> AgentsAsync(CancellationToken ct = default)
    {
        var batch = Db.CreateBatch();
        var statuses = batch.HashGetAllAsync(Statuses);
        var open = batch.SortedSetRangeByScoreAsync(Consoles, clock.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);
        var offered = batch.HashGetAllAsync(Offered);
        batch.Execute();
        var online = (await open).Select(c => c.ToString().Split(Separator)[0]).ToHashSet();
        var lastOffered = (await offered).ToDictionary(e => e.Name.ToString(), e => DateTimeOffset.FromUnixTimeMilliseconds((long)e.Value));
        return (await statuses).Select(e => (Agent: e.Name.ToString(), Stored: StateJson.Deserialize<StoredStatus>(e.Value.ToString())!))
            .OrderBy(s => s.Agent, StringComparer.Ordinal)
            .Select(s => new AgentPresence(s.Agent, s.Stored.Status, s.Stored.Languages ?? [], online.Contains(s.Agent),
                lastOffered.TryGetValue(s.Agent, out var at) ? at : null)).ToList();
    }

    // KEYS: offers, deadlines, offered. ARGV: reference, offer JSON, deadline (ms), agent, offered at (ms).
    private const string OfferScript = """
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
        return 1
        """;

    public async Task<bool> OfferAsync(TicketOffer offer, CancellationToken ct = default) =>
        (long)await Db.ScriptEvaluateAsync(OfferScript, [Offers, Deadlines, Offered],
            [offer.Reference, StateJson.Serialize(offer), offer.Deadline.ToUnixTimeMilliseconds(), offer.Agent, offer.OfferedAt.ToUnixTimeMilliseconds()]) == 1;

    public async Task<TicketOffer?> GetOfferAsync(string reference, CancellationToken ct = default) =>
        await Db.HashGetAsync(Offers, reference) is { IsNullOrEmpty: false } json ? StateJson.Deserialize<TicketOffer>(json.ToString()) : null;

    public async Task<IReadOnlyList<TicketOffer>> OffersAsync(CancellationToken ct = default) =>
        (await Db.HashValuesAsync(Offers)).Select(v => StateJson.Deserialize<TicketOffer>(v.ToString())!).OrderBy(o => o.OfferedAt).ToList();

    // KEYS: offers, deadlines. ARGV: reference, agent ('' for anyone's).
    private const string WithdrawScript = """
        local json = redis.call('HGET', KEYS[1], ARGV[1])
        if not json then return false end
        if ARGV[2] ~= '' and cjson.decode(json)['agent'] ~= ARGV[2] then return false end
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return json
        """;

    public async Task<TicketOffer?> WithdrawAsync(string reference, string? agent = null, CancellationToken ct = default) =>
        (string?)await Db.ScriptEvaluateAsync(WithdrawScript, [Offers, Deadlines], [reference, agent ?? ""]) is { } json
            ? StateJson.Deserialize<TicketOffer>(json) : null;

    // KEYS: offers, deadlines. ARGV: now (ms), max. Taken and removed in one step: of several hosts sweeping, one gets each.
    private const string TakeExpiredScript = """
        local refs = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local taken = {}
        for _, ref in ipairs(refs) do
          redis.call('ZREM', KEYS[2], ref)
          local json = redis.call('HGET', KEYS[1], ref)
          if json then
            redis.call('HDEL', KEYS[1], ref)
            table.insert(taken, json)
          end
        end
        return taken
        """;

    public async Task<IReadOnlyList<TicketOffer>> TakeExpiredAsync(int max = 100, CancellationToken ct = default)
    {
        var taken = (RedisResult[])(await Db.ScriptEvaluateAsync(TakeExpiredScript, [Offers, Deadlines], [clock.GetUtcNow().ToUnixTimeMilliseconds(), max]))!;
        return taken.Select(t => StateJson.Deserialize<TicketOffer>((string)t!)!).ToList();
    }
}
