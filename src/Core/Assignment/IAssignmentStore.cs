namespace Huduma.Contact.Core.Assignment;

/// <summary>
/// Agents' presence and the tickets offered to them, shared by every host (Redis) or held by the one
/// (memory). A console's heartbeat has a deadline; a console not renewed by then (closed, or its host
/// gone) no longer counts, so its agent is seen as away. An offer has a deadline too; exactly one caller
/// takes an expired offer (<see cref="TakeExpiredAsync"/>) to move it on, whichever host that is.
/// </summary>
public interface IAssignmentStore
{
    /// <summary>Sets the status an agent chose, and the languages they speak.</summary>
    Task SetStatusAsync(string agent, string status, IReadOnlyList<string> languages, CancellationToken ct = default);
    /// <summary>Says these consoles (agent, connection) are open until <paramref name="until"/>: at connection, and renewed while open.</summary>
    Task HeartbeatAsync(IReadOnlyCollection<(string Agent, string Connection)> consoles, DateTimeOffset until, CancellationToken ct = default);
    /// <summary>A console closed: it no longer counts, at once.</summary>
    Task DisconnectedAsync(string agent, string connection, CancellationToken ct = default);
    /// <summary>Every agent who ever set a status, online or not now.</summary>
    Task<IReadOnlyList<AgentPresence>> AgentsAsync(CancellationToken ct = default);

    /// <summary>Records an offer, unless the ticket has one pending already (false). Marks the agent as offered now.</summary>
    Task<bool> OfferAsync(TicketOffer offer, CancellationToken ct = default);
    Task<TicketOffer?> GetOfferAsync(string reference, CancellationToken ct = default);
    /// <summary>Every pending offer (a handful per agent at most).</summary>
    Task<IReadOnlyList<TicketOffer>> OffersAsync(CancellationToken ct = default);
    /// <summary>Removes a ticket's pending offer (only if it is <paramref name="agent"/>'s, when given) and returns it; null if there was none.</summary>
    Task<TicketOffer?> WithdrawAsync(string reference, string? agent = null, CancellationToken ct = default);
    /// <summary>Removes and returns up to <paramref name="max"/> offers whose deadline is past: each to exactly one caller.</summary>
    Task<IReadOnlyList<TicketOffer>> TakeExpiredAsync(int max = 100, CancellationToken ct = default);
}
