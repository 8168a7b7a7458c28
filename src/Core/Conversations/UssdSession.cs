namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// One USSD session in the store (huduma:ussd:{phone}, <see cref="Conversations.Key"/>): the conversation plus what USSD adds —
/// how much of Africa's Talking's accumulated text is consumed and the page shown. The screen is always
/// rendered again from these, so a repeated callback gets the same answer without storing it. In Core, with
/// every stored session, for the one generated serializer (<see cref="Huduma.Contact.Core.State.SessionJson"/>).
/// </summary>
public sealed class UssdSession : IConversationSession
{
    public ConversationState State { get; set; } = new();
    /// <summary>Africa's Talking's id of the session: which of the phone's sessions this is.</summary>
    public string SessionId { get; set; } = "";
    /// <summary>The `text` of the last hop handled: inputs so far, joined by '*'.</summary>
    public string Consumed { get; set; } = "";
    public int Page { get; set; }
    /// <summary>The error line shown with the last screen, if any (e.g. "Invalid choice").</summary>
    public string? Notice { get; set; }
    /// <summary>True while the "Continue where you left off?" question is on screen.</summary>
    public bool OfferingResume { get; set; }
}
