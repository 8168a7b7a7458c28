using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Bot.Handoff;

/// <summary>
/// What the agents' console does in a citizen's chat (the host's agent API): read what was said since the
/// ticket, answer, show that the agent is typing. <see cref="ChatHandoff"/> does it; the rest of the handoff
/// stays inside the chat channel.
/// </summary>
public interface IAgentChat
{
    /// <summary>An agent's message, into the citizen's chat; its activity id.</summary>
    Task<string> PostFromAgentAsync(Escalation ticket, string agent, string text, CancellationToken ct);

    /// <summary>The agent is typing: Web Chat shows it as it does for the bot.</summary>
    Task TypingFromAgentAsync(Escalation ticket, string agent, CancellationToken ct);

    /// <summary>What was said in the conversation since the ticket was opened (the agent's view), and whether the citizen is typing.</summary>
    Task<(IReadOnlyList<TranscriptLine> Messages, bool CitizenTyping)> SinceAsync(Escalation ticket, CancellationToken ct);
}
