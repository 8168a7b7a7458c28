using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Sla;

/// <summary>
/// A ticket's SLA deadline: when it must have been taken by an agent, from when it was created and its
/// channel's target (<see cref="SlaOptions"/>). The same deadline is watched by the sweep and shown to agents.
/// </summary>
public sealed class SlaPolicy(SlaOptions options, AgentHours hours)
{
    public IReadOnlyDictionary<string, SlaTarget> Targets => options.Channels;

    /// <summary>Null: the channel has no SLA.</summary>
    public DateTimeOffset? DeadlineFor(Escalation ticket) =>
        options.Channels.TryGetValue(ticket.Channel, out var target)
            ? target.WorkingHours ? hours.AddWorkingTime(ticket.CreatedAt, target.Within) : ticket.CreatedAt + target.Within
            : null;
}
