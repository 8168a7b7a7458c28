namespace Huduma.Contact.Core.Assignment;

/// <summary>What an agent holds and has been offered now, per kind: what capacity is counted against.</summary>
internal readonly record struct AgentLoad(int Chats, int Callbacks)
{
    public int Of(string kind) => kind == TicketKinds.Callback ? Callbacks : Chats;
    public int Total => Chats + Callbacks;
    public AgentLoad Plus(string kind) => kind == TicketKinds.Callback ? this with { Callbacks = Callbacks + 1 } : this with { Chats = Chats + 1 };
}

/// <summary>
/// Which agent a ticket is offered to: one who is available with a console open, speaks the ticket's
/// language, is below capacity for its kind, and has not been offered it already; of those, by the
/// configured rule (least-busy, or round-robin), ties to whoever was offered a ticket longest ago, then by name.
/// </summary>
internal static class AssignmentRule
{
    public static AgentPresence? Choose(string kind, string language, IReadOnlyList<AgentPresence> agents,
        IReadOnlyDictionary<string, AgentLoad> loads, AssignmentOptions options, IReadOnlyCollection<string> tried)
    {
        var eligible = agents.Where(a => CanTake(a, kind, language, Load(loads, a.Agent), options) && !tried.Contains(a.Agent));
        var ordered = options.Rule == AssignmentOptions.RoundRobin
            ? eligible.OrderBy(a => a.LastOfferedAt ?? DateTimeOffset.MinValue)
            : eligible.OrderBy(a => Load(loads, a.Agent).Total).ThenBy(a => a.LastOfferedAt ?? DateTimeOffset.MinValue);
        return ordered.ThenBy(a => a.Agent, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Whether this agent may be offered a ticket of this kind and language now.</summary>
    public static bool CanTake(AgentPresence agent, string kind, string language, AgentLoad load, AssignmentOptions options) =>
        agent.Seen == PresenceStatus.Available && Speaks(agent, language) && load.Of(kind) < options.CapacityFor(kind);

    /// <summary>An agent whose account names no language speaks English (the accounts' default).</summary>
    public static bool Speaks(AgentPresence agent, string language) =>
        agent.Languages.Count == 0 ? language == "en" : agent.Languages.Contains(language, StringComparer.OrdinalIgnoreCase);

    private static AgentLoad Load(IReadOnlyDictionary<string, AgentLoad> loads, string agent) => loads.GetValueOrDefault(agent);
}
