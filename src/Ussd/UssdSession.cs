using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Ussd;

/// <summary>
/// One USSD session in the store (huduma:ussd:{sessionId}): the conversation plus what USSD adds —
/// how much of Africa's Talking's accumulated text is consumed, the page shown, and the last answer so
/// that a repeated callback gets the same answer instead of advancing the dialog twice.
/// </summary>
public sealed class UssdSession
{
    public ConversationState State { get; set; } = new();
    public string Msisdn { get; set; } = "";
    /// <summary>The `text` of the last hop handled: inputs so far, joined by '*'.</summary>
    public string Consumed { get; set; } = "";
    public int Page { get; set; }
    public string? LastResponse { get; set; }
    /// <summary>True while the "Continue where you left off?" question is on screen.</summary>
    public bool OfferingResume { get; set; }
}
