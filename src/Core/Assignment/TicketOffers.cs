using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Core.Assignment;

/// <summary>
/// Offers waiting tickets to agents. A ticket that opens (or comes back to the queue) is offered to one
/// agent by <see cref="AssignmentRule"/>; one not accepted by its deadline, or declined, moves to the next
/// eligible agent; with none left it waits in the queue. An agent who becomes available, or finishes a
/// ticket, is offered the longest-waiting ticket they can take (<see cref="FillAsync"/>). Accepting is a
/// claim on <see cref="EscalationDesk"/>, the same compare-and-set as a claim from the queue.
/// </summary>
public sealed class TicketOffers(IAssignmentStore store, IEscalationStore escalations, EscalationDesk desk, AssignmentOptions options,
    TimeProvider clock, IOfferNotifier notifier, ILogger<TicketOffers> logger, OfferMetrics? metrics = null, IAgentAccounts? accounts = null)
{
    /// <summary>Offers a waiting ticket to the next agent (not one of <paramref name="tried"/>); null when nobody can take it now.</summary>
    public async Task<TicketOffer?> OfferAsync(string reference, IReadOnlyList<string>? tried = null, CancellationToken ct = default)
    {
        if (!options.Enabled) return null;
        // Who is available first: with nobody (a desk without assignment in use, or at night) nothing else is read.
        var agents = await store.AgentsAsync(ct);
        if (!agents.Any(a => a.Seen == PresenceStatus.Available)) return null;
        if (await escalations.GetAsync(reference, ct) is not { Status: EscalationStatus.Open } ticket) return null;
        var (loads, offered) = await LoadsAsync(ct);
        if (offered.Contains(reference)) return null;
        var kind = TicketKinds.Of(ticket);
        tried ??= [];
        var passedOver = new List<string>(tried);
        while (AssignmentRule.Choose(kind, ticket.Language, agents, loads, options, passedOver) is { } chosen)
        {
            if (await IsActiveAsync(chosen.Agent, ct)) return await MakeAsync(ticket, chosen.Agent, kind, [.. tried, chosen.Agent], ct);
            passedOver.Add(chosen.Agent);
        }
        logger.LogDebug("No agent can take {Reference} ({Kind}, {Language}) now: it waits in the queue", reference, kind, ticket.Language);
        return null;
    }

    /// <summary>
    /// Whether the agent's account may be offered tickets: a disabled account's presence may still say available (a
    /// console left open, its cookie still good), and an account may be gone.
    /// </summary>
    private async Task<bool> IsActiveAsync(string agent, CancellationToken ct)
    {
        if (accounts is null || await accounts.IsActiveAgentAsync(agent, ct)) return true;
        logger.LogDebug("{Agent} is not an active agent account: passed over for offers", agent);
        return false;
    }

    /// <summary>Offers <paramref name="agent"/> the longest-waiting ticket they can take, if they are available and have room.</summary>
    /// <param name="except">Tickets this agent just let go (declined, or let time out): not offered straight back to them.</param>
    public async Task<TicketOffer?> FillAsync(string agent, IReadOnlyCollection<string>? except = null, CancellationToken ct = default)
    {
        if (!options.Enabled) return null;
        if ((await store.AgentsAsync(ct)).FirstOrDefault(a => a.Agent == agent) is not { Seen: PresenceStatus.Available } me) return null;
        if (!await IsActiveAsync(agent, ct)) return null;
        var (held, offered) = await LoadsAsync(ct);
        var load = held.GetValueOrDefault(agent);
        if (load.Chats >= options.Capacity.Chat && load.Callbacks >= options.Capacity.Callback) return null;
        // The queue, oldest first, up to FillScan tickets: the first she can take may wait behind thousands she cannot
        // (call-backs in a language nobody free speaks); each read is only what the rule needs, whole tickets only to offer.
        var scanned = 0;
        await foreach (var waiting in escalations.WaitingAsync(ct))
        {
            if (++scanned > options.FillScan) break;
            var kind = TicketKinds.Of(waiting);
            if (offered.Contains(waiting.Reference) || except?.Contains(waiting.Reference) == true || !AssignmentRule.CanTake(me, kind, waiting.Language, load, options)) continue;
            // The scan takes time, and other fills for her (a claim, a resolve, another host's sweep) may have offered
            // her work meanwhile: her load read again, so she is never offered past her capacity.
            (var loads, offered) = await LoadsAsync(ct);
            load = loads.GetValueOrDefault(agent);
            if (offered.Contains(waiting.Reference) || !AssignmentRule.CanTake(me, kind, waiting.Language, load, options)) continue;
            if (await escalations.GetAsync(waiting.Reference, ct) is not { Status: EscalationStatus.Open } ticket) continue; // taken meanwhile
            if (await MakeAsync(ticket, agent, kind, [agent], ct) is { } offer) return offer;
        }
        return null;
    }

    /// <summary>
    /// The agent takes the ticket offered to them: the offer is theirs to take only while it is pending (not
    /// moved on), and the ticket is claimed as from the queue, so a claim by someone else meanwhile wins cleanly.
    /// Null: no offer of this ticket is pending for this agent.
    /// </summary>
    public async Task<DeskResult?> AcceptAsync(string reference, string agent, CancellationToken ct = default)
    {
        if (await store.WithdrawAsync(reference, agent, ct) is not { } offer) return null;
        var claimed = await desk.ClaimAsync(reference, agent, ct);
        if (claimed.Succeeded) metrics?.Accepted(offer.Kind);
        return claimed;
    }

    /// <summary>The agent passes: the ticket moves on to the next agent at once. False: no offer of it is pending for them.</summary>
    public async Task<bool> DeclineAsync(string reference, string agent, CancellationToken ct = default)
    {
        if (await store.WithdrawAsync(reference, agent, ct) is not { } offer) return false;
        metrics?.Declined(offer.Kind);
        logger.LogInformation("{Agent} declined {Reference}", agent, reference);
        await OfferAsync(reference, offer.Tried, ct);
        // The declined offer counted against their room: a ticket that waited for it is theirs to take now.
        await FillAsync(agent, [reference], ct);
        return true;
    }

    /// <summary>An agent who went busy or away, or closed their last console: their pending offers move on now, not at their deadline.</summary>
    public async Task MoveOnFromAsync(string agent, CancellationToken ct = default)
    {
        foreach (var pending in (await store.OffersAsync(ct)).Where(o => o.Agent == agent))
        {
            if (await store.WithdrawAsync(pending.Reference, agent, ct) is not { } offer) continue;
            await notifier.WithdrawnAsync(offer, OfferEndings.Away, ct);
            await OfferAsync(offer.Reference, offer.Tried, ct);
        }
    }

    /// <summary>Moves on every offer past its deadline (each taken by one host only). Returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var expired = await store.TakeExpiredAsync(ct: ct);
        // Taken out of the store together, so each moves on by itself: one that fails (Redis away for a moment)
        // must not strand the rest; a stranded ticket is still in the queue, offered at the next fill.
        foreach (var offer in expired)
        {
            try
            {
                metrics?.TimedOut(offer.Kind);
                logger.LogInformation("{Agent} did not accept {Reference} within {Timeout}: offering it to the next agent", offer.Agent, offer.Reference, options.OfferTimeout);
                await notifier.WithdrawnAsync(offer, OfferEndings.TimedOut, ct);
                await OfferAsync(offer.Reference, offer.Tried, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not move {Reference} on from {Agent}: it waits in the queue", offer.Reference, offer.Agent);
            }
        }
        // The offers let lapse counted against their agents' room: tickets that waited for it are offered now,
        // other than the ones the agent just let lapse.
        foreach (var lapsed in expired.GroupBy(o => o.Agent))
            await FillAsync(lapsed.Key, lapsed.Select(o => o.Reference).ToList(), ct);
        return expired.Count;
    }

    /// <summary>
    /// What a change to a ticket means for offers: a ticket waiting anew is offered; one that stopped waiting
    /// takes its pending offer off the screen it was on; an agent who took one or let one go may have room for another.
    /// </summary>
    public async Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct = default)
    {
        var wasOpen = before?.Status == EscalationStatus.Open;
        if (after.Status == EscalationStatus.Open && !wasOpen) await OfferAsync(after.Reference, ct: ct);
        if (wasOpen && after.Status != EscalationStatus.Open && await store.WithdrawAsync(after.Reference, ct: ct) is { } pending)
        {
            await notifier.WithdrawnAsync(pending, OfferEndings.Taken, ct);
            // Someone else took it from the queue: the room the offer held is free again.
            if (pending.Agent != after.Agent) await FillAsync(pending.Agent, [after.Reference], ct);
        }
        if (before is { Status: EscalationStatus.Claimed, Agent: { } holder } && (after.Status != EscalationStatus.Claimed || after.Agent != holder))
            await FillAsync(holder, ct: ct);
        if (wasOpen && after is { Status: EscalationStatus.Claimed, Agent: { } taker }) await FillAsync(taker, ct: ct);
    }

    /// <summary>
    /// Each agent's tickets held and offered, per kind, and the tickets with an offer pending: the held counts the
    /// store keeps with every change, and the pending offers (a handful per agent), not the held tickets themselves.
    /// </summary>
    private async Task<(Dictionary<string, AgentLoad> Loads, HashSet<string> Offered)> LoadsAsync(CancellationToken ct)
    {
        var loads = (await escalations.HeldAsync(ct)).ToDictionary(h => h.Key, h => new AgentLoad(h.Value.Chats, h.Value.Callbacks));
        var offers = await store.OffersAsync(ct);
        foreach (var offer in offers) loads[offer.Agent] = loads.GetValueOrDefault(offer.Agent).Plus(offer.Kind);
        return (loads, offers.Select(o => o.Reference).ToHashSet());
    }

    private async Task<TicketOffer?> MakeAsync(Escalation ticket, string agent, string kind, IReadOnlyList<string> tried, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var offer = new TicketOffer(ticket.Reference, agent, kind, ticket.Language, now, now + options.OfferTimeout, tried);
        if (!await store.OfferAsync(offer, ct)) return null; // another host offered it first
        // Claimed between our read and the offer (by the queue, on another host): the claim's own change may
        // have looked for an offer to withdraw before this one existed, so look again now it does.
        if (await escalations.GetAsync(ticket.Reference, ct) is not { Status: EscalationStatus.Open })
        {
            await store.WithdrawAsync(ticket.Reference, agent, ct);
            return null;
        }
        metrics?.Made(kind);
        logger.LogDebug("Offered {Reference} to {Agent} until {Deadline}", ticket.Reference, agent, offer.Deadline);
        await notifier.OfferedAsync(offer, ticket, ct);
        return offer;
    }
}
