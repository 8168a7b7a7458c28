namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// What an SMS conversation remembers between messages (huduma:sms:{msisdn}, <see cref="Conversations.Key"/>,
/// for a day): its language, the document awaiting a waiting-card reference after a keyword
/// (<see cref="MessageStatus"/>), how often we misunderstood (<see cref="Misunderstandings"/>), and, once the citizen walks the menus by numbered replies, the engine's state and the SMS
/// page shown.
/// </summary>
public sealed class SmsSession : IConversationSession, IAwaitsReference, ICountsMisunderstandings
{
    public const string Channel = ChannelNames.Sms;

    public string? Lang { get; set; }
    public string? AwaitingType { get; set; }
    public string? AwaitingNumber { get; set; }
    public int Misunderstood { get; set; }
    /// <summary>Where the citizen is in content/menus.yaml; null until they ask for a menu (MENU, a number).</summary>
    public ConversationState? Menu { get; set; }
    /// <summary>The page of a long menu last sent ("98 More" asks for the next).</summary>
    public int MenuPage { get; set; }
    /// <summary>The notice above the menu last sent (e.g. "Invalid choice"), so its later pages are the ones the citizen expects.</summary>
    public string? MenuNotice { get; set; }

    /// <summary>
    /// The conversation as <see cref="Conversations"/> sees it: the open menu's state, else one at no node.
    /// Between menus an SMS conversation is keywords and free text, which the engine has no node for, so
    /// <see cref="Menu"/> stays null there (stored sessions keep their shape) instead of holding a state
    /// the next numbered reply would mistake for an open menu.
    /// </summary>
    ConversationState IConversationSession.State
    {
        get => Menu ?? new ConversationState { Lang = Lang };
        set => Menu = value;
    }
}
