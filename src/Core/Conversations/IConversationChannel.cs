using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// A channel's part of a turn, called by <see cref="Conversations.HandleAsync"/> between its read and its
/// write: the channel's own navigation (USSD pages and the '*' text, keypad pages, free text) and its
/// rendering into <typeparamref name="TAnswer"/>. Everything else (the session's key and lifetime,
/// counting starts, resume, handoff) is Core's.
/// </summary>
public interface IConversationChannel<TSession, TAnswer> where TSession : class, IConversationSession
{
    ConversationPolicy Policy { get; }

    /// <summary>The language the conversation starts in when the channel already knows it (a chat page's); null to use the phone's.</summary>
    Language? ChosenLanguage => null;

    /// <summary>The channel's session around a new conversation.</summary>
    TSession Create(Turn turn, ConversationState state);

    /// <summary>The citizen's newest input, read against what the session has consumed (USSD: the text after the consumed trail).</summary>
    string InputOf(TSession session, Turn turn);

    /// <summary>A turn already answered, sent again (a gateway's retry): true with the same answer; nothing advances and nothing is written.</summary>
    bool TryRepeat(TSession session, Turn turn, out TAnswer answer);

    /// <summary>The first answer of a new conversation, from the engine's first <paramref name="reply"/> (USSD plays the inputs a first hop carries).</summary>
    ValueTask<TAnswer> BeginAsync(TSession session, Turn turn, Reply reply, CancellationToken ct);

    /// <summary>A turn of a conversation under way: the channel's navigation and the engine.</summary>
    ValueTask<TAnswer> ContinueAsync(TSession session, Turn turn, CancellationToken ct);

    /// <summary>One of Core's own replies (the resume question and what follows its answer), rendered.</summary>
    TAnswer Render(TSession session, Turn turn, Reply reply);

    /// <summary>A write of the channel's own that goes out with the session's, in the same round trip (chat: its answers to the log).</summary>
    Task SaveWithAsync(TSession session, TAnswer answer, CancellationToken ct) => Task.CompletedTask;
}
