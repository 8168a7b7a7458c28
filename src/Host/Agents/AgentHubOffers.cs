using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Escalations;
using Microsoft.AspNetCore.SignalR;

namespace Huduma.Contact.Host.Agents;

/// <summary>An offer as the chosen agent's console shows it: the ticket, and until when it may be accepted.</summary>
internal sealed record OfferView(string Reference, string Kind, DateTimeOffset OfferedAt, DateTimeOffset Deadline, EscalationView Ticket);

/// <summary>
/// Puts an offer on the chosen agent's console, and takes it off ("offer" and "offer-withdrawn" on the hub),
/// to that agent's connections only, on whichever host they are (SignalR's Redis backplane).
/// </summary>
internal sealed class AgentHubOffers(IHubContext<AgentHub> hub, EscalationViews views, ILogger<AgentHubOffers> logger) : IOfferNotifier
{
    public static OfferView View(TicketOffer offer, Escalation ticket, EscalationViews views) =>
        new(offer.Reference, offer.Kind, offer.OfferedAt, offer.Deadline, views.View(ticket));

    public async Task OfferedAsync(TicketOffer offer, Escalation ticket, CancellationToken ct)
    {
        try { await hub.Clients.User(offer.Agent).SendAsync("offer", View(offer, ticket, views), ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The offer stands either way: the console lists offers when it (re)connects, and the deadline moves it on.
            logger.LogWarning(e, "Could not push the offer of {Reference} to {Agent}", offer.Reference, offer.Agent);
        }
    }

    public async Task WithdrawnAsync(TicketOffer offer, string why, CancellationToken ct)
    {
        try { await hub.Clients.User(offer.Agent).SendAsync("offer-withdrawn", new { reference = offer.Reference, why }, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not take the offer of {Reference} off {Agent}'s console", offer.Reference, offer.Agent);
        }
    }
}
