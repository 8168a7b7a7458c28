namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// One phone call in the store (huduma:voice:{provider}:{callId}, <see cref="Conversations.Key"/>): the conversation, plus what a keypad
/// adds — the page of a long list being read, a number typed and waiting to be confirmed, how many
/// prompts went unanswered, whether the caller is being offered a call back. In Core, with every stored
/// session, for the one generated serializer (<see cref="Huduma.Contact.Core.State.SessionJson"/>).
/// </summary>
public sealed class VoiceCall : IConversationSession
{
    public string Provider { get; set; } = "";
    public string CallId { get; set; } = "";
    public string? Msisdn { get; set; }
    public ConversationState State { get; set; } = new();
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>Which group of a long list is being read (lists are read out a few choices at a time).</summary>
    public int Page { get; set; }
    /// <summary>Digits typed for a number, read back and waiting for 1 (right) or 2 (again).</summary>
    public string? Entered { get; set; }
    /// <summary>Prompts in a row that got no key at all.</summary>
    public int Silences { get; set; }
    /// <summary>True while "agents are not available: press 1 for a call back" is on.</summary>
    public bool OfferingCallBack { get; set; }
    /// <summary>The ticket made when the call went to an agent (or asked for a call back).</summary>
    public string? Ticket { get; set; }
    public bool Transferred { get; set; }
}
