namespace Huduma.Contact.Core.Escalations;

/// <summary>What happened when an agent acted on a ticket.</summary>
public enum DeskOutcome { Done, NotFound, TakenByAnother, NotClaimedByYou, AlreadyResolved }

public sealed record DeskResult(DeskOutcome Outcome, Escalation? Ticket)
{
    public bool Succeeded => Outcome == DeskOutcome.Done;
    /// <summary>The decision changes the ticket (as opposed to finding it already so).</summary>
    internal bool IsChange { get; init; }
}

/// <summary>
/// Told of every ticket opened (<paramref name="before"/> null) and every change to one (a chat shows "an
/// agent has joined"; the agent console refreshes). See <see cref="AnnouncedEscalations"/>.
/// </summary>
public interface IEscalationListener
{
    Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct);
}

/// <summary>
/// The life of a ticket once it exists: claim (exactly one of two agents racing wins), release back to
/// the queue, resolve with a category. Each change is a compare-and-set on the store, retried when
/// something else changed the ticket in between (the store announces what lands).
/// </summary>
public sealed class EscalationDesk(IEscalationStore store, TimeProvider clock)
{
    public const string CitizenLeft = "citizen-left";

    public Task<DeskResult> ClaimAsync(string reference, string agent, CancellationToken ct = default) =>
        ChangeAsync(reference, ticket => ticket.Status switch
        {
            EscalationStatus.Open => Change(ticket with { Status = EscalationStatus.Claimed, Agent = agent, ClaimedAt = clock.GetUtcNow() }),
            EscalationStatus.Claimed when ticket.Agent == agent => Done(ticket), // a double click claims once
            EscalationStatus.Claimed => Refuse(DeskOutcome.TakenByAnother, ticket),
            _ => Refuse(DeskOutcome.AlreadyResolved, ticket),
        }, ct);

    /// <summary>Back to the queue, keeping its place (the agent is going off shift, or it needs someone else).</summary>
    public Task<DeskResult> ReleaseAsync(string reference, string agent, CancellationToken ct = default) =>
        ChangeAsync(reference, ticket => ticket.Status switch
        {
            EscalationStatus.Claimed when ticket.Agent == agent => Change(ticket with { Status = EscalationStatus.Open, Agent = null, ClaimedAt = null }),
            EscalationStatus.Resolved => Refuse(DeskOutcome.AlreadyResolved, ticket),
            _ => Refuse(DeskOutcome.NotClaimedByYou, ticket),
        }, ct);

    /// <summary>Hands a claimed ticket to another agent (who may be busy elsewhere: it is theirs at once).</summary>
    public Task<DeskResult> TransferAsync(string reference, string agent, string toAgent, CancellationToken ct = default) =>
        ChangeAsync(reference, ticket => ticket.Status switch
        {
            EscalationStatus.Claimed when ticket.Agent == agent && toAgent != agent => Change(ticket with { Agent = toAgent }),
            EscalationStatus.Claimed when ticket.Agent == agent => Done(ticket),
            EscalationStatus.Resolved => Refuse(DeskOutcome.AlreadyResolved, ticket),
            _ => Refuse(DeskOutcome.NotClaimedByYou, ticket),
        }, ct);

    public Task<DeskResult> ResolveAsync(string reference, string agent, string category, CancellationToken ct = default) =>
        ChangeAsync(reference, ticket => ticket.Status switch
        {
            EscalationStatus.Claimed when ticket.Agent == agent =>
                Change(ticket with { Status = EscalationStatus.Resolved, ResolvedAt = clock.GetUtcNow(), Resolution = category }),
            EscalationStatus.Resolved => Refuse(DeskOutcome.AlreadyResolved, ticket),
            _ => Refuse(DeskOutcome.NotClaimedByYou, ticket),
        }, ct);

    /// <summary>
    /// Records a call-back attempt on a ticket the agent holds. The ticket stays with the agent: after no
    /// answer they may try again later, or release it to the queue, where the attempts stay on it.
    /// </summary>
    public Task<DeskResult> LogCallAsync(string reference, string agent, string outcome, string? note, CancellationToken ct = default)
    {
        if (!CallOutcomes.All.Contains(outcome)) throw new ArgumentOutOfRangeException(nameof(outcome), $"a call's outcome is one of {string.Join(", ", CallOutcomes.All)}");
        return ChangeAsync(reference, ticket => ticket.Status switch
        {
            EscalationStatus.Claimed when ticket.Agent == agent =>
                Change(ticket with { Calls = [.. ticket.Calls, new CallAttempt(clock.GetUtcNow(), agent, outcome, note)] }),
            EscalationStatus.Resolved => Refuse(DeskOutcome.AlreadyResolved, ticket),
            _ => Refuse(DeskOutcome.NotClaimedByYou, ticket),
        }, ct);
    }

    /// <summary>
    /// A note for the other agents on a ticket, by any agent, whoever holds it (a supervisor's hint, a colleague's
    /// "I called at 10, no answer"). It stays on the ticket, shown only to agents; nothing sends it to the citizen.
    /// </summary>
    public Task<DeskResult> AddNoteAsync(string reference, string agent, string text, CancellationToken ct = default) =>
        ChangeAsync(reference, ticket => Change(ticket with { Notes = [.. ticket.Notes, new AgentNote(clock.GetUtcNow(), agent, text)] }), ct);

    /// <summary>The citizen stopped waiting (went back to the bot) before any agent claimed the ticket.</summary>
    public Task<DeskResult> WithdrawAsync(string reference, CancellationToken ct = default) =>
        ChangeAsync(reference, ticket => ticket.Status == EscalationStatus.Open
            ? Change(ticket with { Status = EscalationStatus.Resolved, ResolvedAt = clock.GetUtcNow(), Resolution = CitizenLeft })
            : Refuse(ticket.Status == EscalationStatus.Resolved ? DeskOutcome.AlreadyResolved : DeskOutcome.TakenByAnother, ticket), ct);

    /// <summary>The citizen rates the help of a ticket an agent resolved: once, 1 to 5.</summary>
    public Task<DeskResult> RateAsync(string reference, int rating, CancellationToken ct = default)
    {
        if (rating is < 1 or > 5) throw new ArgumentOutOfRangeException(nameof(rating), "a rating is 1 to 5");
        return ChangeAsync(reference, ticket => ticket is { Status: EscalationStatus.Resolved, Rating: null } && ticket.Resolution != CitizenLeft
            ? Change(ticket with { Rating = rating })
            : Refuse(DeskOutcome.AlreadyResolved, ticket), ct);
    }

    /// <summary>The ticket if <paramref name="agent"/> holds it now (to reply in it), else why not.</summary>
    public async Task<DeskResult> HeldByAsync(string reference, string agent, CancellationToken ct = default)
    {
        var ticket = await store.GetAsync(reference, ct);
        return ticket switch
        {
            null => new DeskResult(DeskOutcome.NotFound, null),
            { Status: EscalationStatus.Claimed } when ticket.Agent == agent => Done(ticket),
            { Status: EscalationStatus.Resolved } => Refuse(DeskOutcome.AlreadyResolved, ticket),
            _ => Refuse(DeskOutcome.NotClaimedByYou, ticket),
        };
    }

    private static DeskResult Change(Escalation next) => new(DeskOutcome.Done, next) { IsChange = true };
    private static DeskResult Done(Escalation ticket) => new(DeskOutcome.Done, ticket);
    private static DeskResult Refuse(DeskOutcome why, Escalation ticket) => new(why, ticket);

    private async Task<DeskResult> ChangeAsync(string reference, Func<Escalation, DeskResult> decide, CancellationToken ct)
    {
        while (true)
        {
            var ticket = await store.GetAsync(reference, ct);
            if (ticket is null) return new DeskResult(DeskOutcome.NotFound, null);
            var decision = decide(ticket);
            if (!decision.IsChange) return decision;
            if (!await store.ReplaceAsync(ticket, decision.Ticket!, ct)) continue; // changed meanwhile: decide again on what it is now
            return decision with { IsChange = false };
        }
    }
}
