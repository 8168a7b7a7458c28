namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// A citizen handed to a human: who, on which channel, why, and what they already did, so nobody has
/// to repeat themselves. Waiting ("open") until an agent claims it, then "claimed" until resolved.
/// </summary>
public sealed record Escalation
{
    public required string Reference { get; init; }
    public required string Channel { get; init; }
    public string? Msisdn { get; init; }
    public required string Language { get; init; }
    public required string Reason { get; init; }
    /// <summary>The menu path the citizen took (personal numbers masked).</summary>
    public IReadOnlyList<string> Path { get; init; } = [];
    public string? DocumentType { get; init; }
    public string? DocumentNumber { get; init; }
    /// <summary>The channel's conversation (a chat's Direct Line conversation), when the agent answers inside it.</summary>
    public string? ConversationId { get; init; }
    /// <summary>What was said before the handoff (a chat's messages), oldest first.</summary>
    public IReadOnlyList<TranscriptLine> Transcript { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public string Status { get; init; } = EscalationStatus.Open;
    /// <summary>The agent holding it (claimed) or who resolved it.</summary>
    public string? Agent { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    /// <summary>How it ended: an agent's category, or "citizen-left" when the citizen went back to the bot first.</summary>
    public string? Resolution { get; init; }
    /// <summary>The citizen's rating of the help, 1 (poor) to 5 (very good), asked for after an agent resolved it.</summary>
    public int? Rating { get; init; }
    /// <summary>Every attempt to call the citizen back, oldest first.</summary>
    public IReadOnlyList<CallAttempt> Calls { get; init; } = [];
    /// <summary>Agents' notes to each other on the ticket, oldest first: kept here and never sent to the citizen.</summary>
    public IReadOnlyList<AgentNote> Notes { get; init; } = [];
}

/// <summary>A note an agent left on a ticket for the other agents (what was tried, what to check): never sent to the citizen.</summary>
public sealed record AgentNote(DateTimeOffset At, string Agent, string Text);

/// <summary>An agent's attempt to call a citizen back and how it went (<see cref="CallOutcomes"/>).</summary>
public sealed record CallAttempt(DateTimeOffset At, string Agent, string Outcome, string? Note);

public static class CallOutcomes
{
    public const string Reached = "reached";
    public const string NoAnswer = "no-answer";
    public const string Busy = "busy";
    public const string SwitchedOff = "switched-off";
    public const string WrongNumber = "wrong-number";

    public static readonly IReadOnlyList<string> All = [Reached, NoAnswer, Busy, SwitchedOff, WrongNumber];
}

/// <summary>Why a ticket was opened, where more than one channel opens it for the same reason.</summary>
internal static class EscalationReasons
{
    /// <summary>The citizen asked to be called back (USSD, voice); any other reason is a handoff to an agent.</summary>
    public const string Callback = "callback";
}

public static class EscalationStatus
{
    public const string Open = "open";
    public const string Claimed = "claimed";
    public const string Resolved = "resolved";
}

/// <summary>
/// One message of a transcript. <paramref name="From"/>: "citizen", "bot" or "agent"; <paramref name="Name"/>: the
/// agent's display name where it was known when the line was kept (older lines have none).
/// </summary>
public sealed record TranscriptLine(DateTimeOffset At, string From, string Text, string? Name = null);

/// <summary>
/// What a channel knows when it asks for a human; the store assigns the reference and time.
/// <paramref name="IdempotencyKey"/>: asking twice with the same key (a provider's retried callback
/// racing the original) gives the same ticket, not a second one.
/// </summary>
public sealed record NewEscalation(string Channel, string? Msisdn, string Language, string Reason,
    IReadOnlyList<string> Path, string? DocumentType = null, string? DocumentNumber = null, string? IdempotencyKey = null)
{
    public string? ConversationId { get; init; }
    public IReadOnlyList<TranscriptLine> Transcript { get; init; } = [];

    /// <summary>A ticket for a conversation in the menus: its path, and the document it was about, for the agent.</summary>
    public static NewEscalation ForConversation(string channel, string? msisdn, Content.Language language, string reason,
        Conversations.ConversationState state, string idempotencyKey) =>
        new(channel, msisdn, Content.Languages.Code(language), reason, [.. state.Path],
            state.Vars.GetValueOrDefault(Content.SavedVariables.DocumentType), state.Vars.GetValueOrDefault(Content.SavedVariables.DocumentNumber), idempotencyKey);
}
