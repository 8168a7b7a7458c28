namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// What <see cref="Conversations"/> needs of a stored session, whatever a channel keeps beside the
/// conversation (USSD: the text consumed and the page; a call: its keypad state). A channel's session is
/// stored whole, in the one write of a turn, through the generated context
/// (<see cref="State.SessionJson"/>), in the shapes hosts already stored (tests/Core.Tests/StoredShapes).
/// </summary>
public interface IConversationSession
{
    ConversationState State { get; set; }

    /// <summary>
    /// Which of its subject's conversations this is, when one key holds them in turn (a phone's USSD
    /// sessions: <see cref="UssdSession.SessionId"/>); null when the key names this conversation alone.
    /// </summary>
    string? SessionId => null;

    /// <summary>True while Core's "continue where you left off?" question is on (kept by channels that offer resuming).</summary>
    bool OfferingResume
    {
        get => false;
        set => throw new NotSupportedException($"{GetType().Name} does not offer resuming");
    }
}
