using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Voice;

/// <summary>What to do next on the call.</summary>
public enum VoiceNext { Gather, Hangup, Transfer }

/// <summary>
/// A provider-neutral answer to one step of a call: sentences to speak in a language, then wait for keys
/// (how many, whether # ends them, how long), hang up, or join the agents' queue.
/// </summary>
public sealed record VoiceAnswer(Core.Content.Language Language, IReadOnlyList<string> Speech, VoiceNext Next,
    int MaxDigits = 1, bool EndsWithHash = false, int TimeoutSeconds = 6, string? Ticket = null);
