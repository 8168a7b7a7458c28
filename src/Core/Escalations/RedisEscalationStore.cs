using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// huduma:{esc}:seq numbers tickets, huduma:{esc}:ticket:{ref} holds each as JSON, huduma:{esc}:open is a
/// sorted set by creation time. The {esc} hash tag keeps them in one cluster slot so the ticket and its
/// queue entry are written in one transaction.
/// </summary>
public sealed class RedisEscalationStore(IConnectionMultiplexer redis, TimeProvider clock) : IEscalationStore
{
    private const string Prefix = RedisStateStore.Namespace + "{esc}:";
    private static readonly RedisKey Sequence = Prefix + "seq";
    private static readonly RedisKey Open = Prefix + "open";
    private static RedisKey Ticket(string reference) => Prefix + "ticket:" + reference;

    private IDatabase Db => redis.GetDatabase();

    public async Task<Escalation> CreateAsync(NewEscalation request, CancellationToken ct = default)
    {
        var sequence = await Db.StringIncrementAsync(Sequence);
        var ticket = EscalationFactory.Create(request, EscalationReference.Format(sequence), clock);
        var tx = Db.CreateTransaction();
        _ = tx.StringSetAsync(Ticket(ticket.Reference), StateJson.Serialize(ticket));
        _ = tx.SortedSetAddAsync(Open, ticket.Reference, ticket.CreatedAt.ToUnixTimeMilliseconds());
        if (!await tx.ExecuteAsync()) throw new RedisException("escalation transaction was not committed");
        return ticket;
    }

    public async Task<Escalation?> GetAsync(string reference, CancellationToken ct = default)
    {
        var json = await Db.StringGetAsync(Ticket(reference));
        return json.IsNullOrEmpty ? null : StateJson.Deserialize<Escalation>(json.ToString());
    }

    public async Task<IReadOnlyList<Escalation>> ListOpenAsync(int max = 100, CancellationToken ct = default)
    {
        var references = await Db.SortedSetRangeByRankAsync(Open, 0, max - 1);
        if (references.Length == 0) return [];
        var values = await Db.StringGetAsync(references.Select(r => Ticket(r.ToString())).ToArray());
        return values.Where(v => !v.IsNullOrEmpty).Select(v => StateJson.Deserialize<Escalation>(v.ToString())!)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Reference, StringComparer.Ordinal).ToList();
    }
}
