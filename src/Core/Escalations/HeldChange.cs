using Huduma.Contact.Core.Assignment;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// What a change to a ticket does to the counts of tickets each agent holds (<see cref="IEscalationStore.HeldAsync"/>),
/// defined once for both stores, each applying it in the step that makes the change (Redis: in the compare-and-set
/// script), so a count moves exactly when its change lands: a claim adds one to the taker's, a release or resolve
/// takes one from the holder's, a transfer does both.
/// </summary>
internal static class HeldChange
{
    /// <summary>A count's name: the kind, then the agent ("chat:amina"); kinds hold no ':', agents' names may.</summary>
    public static string Field(string kind, string agent) => kind + ":" + agent;

    public static IReadOnlyList<(string Field, int By)> Of(Escalation before, Escalation after)
    {
        var (was, now) = (Holding(before), Holding(after));
        if (was == now) return [];
        var changes = new List<(string, int)>();
        if (was is { } from) changes.Add((from, -1));
        if (now is { } to) changes.Add((to, 1));
        return changes;
    }

    /// <summary>Counts by field (as <see cref="Field"/> names them), per agent; none below one.</summary>
    public static IReadOnlyDictionary<string, HeldTickets> PerAgent(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var agents = new Dictionary<string, HeldTickets>(StringComparer.Ordinal);
        foreach (var (field, count) in counts)
        {
            var colon = field.IndexOf(':');
            if (colon <= 0 || count <= 0) continue;
            var (kind, agent) = (field[..colon], field[(colon + 1)..]);
            var held = agents.GetValueOrDefault(agent);
            agents[agent] = kind == TicketKinds.Callback ? held with { Callbacks = held.Callbacks + (int)count } : held with { Chats = held.Chats + (int)count };
        }
        return agents;
    }

    private static string? Holding(Escalation ticket) =>
        ticket is { Status: EscalationStatus.Claimed, Agent: { } agent } ? Field(TicketKinds.Of(ticket), agent) : null;
}
