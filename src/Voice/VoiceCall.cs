using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Voice;

/// <summary>
/// One phone call in the store (huduma:voice:{provider}:{callId}): the conversation, plus what a keypad
/// adds — the page of a long list being read, a number typed and waiting to be confirmed, how many
/// prompts went unanswered, whether the caller is being offered a call back.
/// </summary>
public sealed class VoiceCall
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

/// <summary>What to do next on the call.</summary>
public enum VoiceNext { Gather, Hangup, Transfer }

/// <summary>
/// A provider-neutral answer to one step of a call: sentences to speak in a language, then wait for keys
/// (how many, whether # ends them, how long), hang up, or join the agents' queue.
/// </summary>
public sealed record VoiceAnswer(Core.Content.Language Language, IReadOnlyList<string> Speech, VoiceNext Next,
    int MaxDigits = 1, bool EndsWithHash = false, int TimeoutSeconds = 6, string? Ticket = null);
