namespace Huduma.Contact.Core.Assignment;

/// <summary>What an agent says they are: only an available agent is offered tickets.</summary>
public static class PresenceStatus
{
    public const string Available = "available";
    public const string Busy = "busy";
    public const string Away = "away";
    public static readonly IReadOnlyList<string> All = [Available, Busy, Away];
}

/// <summary>
/// An agent as assignment sees them: the status they set, the languages they speak (from their account,
/// copied when they set a status or open the console), whether a console of theirs is connected now (its
/// heartbeat within the presence timeout), and when they were last offered a ticket (round-robin order).
/// </summary>
public sealed record AgentPresence(string Agent, string Status, IReadOnlyList<string> Languages, bool Online, DateTimeOffset? LastOfferedAt)
{
    /// <summary>The status others see: away whenever no console of theirs is connected, whatever they set.</summary>
    public string Seen => Online ? Status : PresenceStatus.Away;
}
