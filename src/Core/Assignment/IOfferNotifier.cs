using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Assignment;

/// <summary>Tells the chosen agent's console of an offer, and of one withdrawn (it timed out, or the ticket was taken).</summary>
public interface IOfferNotifier
{
    Task OfferedAsync(TicketOffer offer, Escalation ticket, CancellationToken ct);
    Task WithdrawnAsync(TicketOffer offer, string why, CancellationToken ct);
}

/// <summary>Why an offer left an agent's screen.</summary>
internal static class OfferEndings
{
    public const string TimedOut = "timed-out";
    public const string Taken = "taken";
    /// <summary>The agent went busy or away, or closed their console.</summary>
    public const string Away = "away";
}
