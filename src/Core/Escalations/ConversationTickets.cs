using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// The one place a ticket for a conversation in the menus is opened (a call back, an agent), whoever asks:
/// the menus' request-callback action or <see cref="Conversations.Conversations"/>' handoff policy. One ticket
/// per conversation and reason: the idempotency key is the turn's channel, its conversation and the reason,
/// so a provider's repeated turn, or the same request by another path, gives the ticket already opened.
/// </summary>
internal static class ConversationTickets
{
    /// <summary>{channel}:{conversationId}:{reason}, e.g. "voice:CA123:callback".</summary>
    public static string IdempotencyKey(Turn turn, string reason) => $"{turn.Channel}:{turn.ConversationId}:{reason}";

    /// <summary>The conversation's ticket for <paramref name="reason"/>, with its path and the document it was about.</summary>
    public static Task<Escalation> OpenAsync(IEscalationStore escalations, Turn turn, ConversationState state, string reason, CancellationToken ct) =>
        escalations.CreateAsync(NewEscalation.ForConversation(turn.Channel, turn.Msisdn, DialogEngine.LanguageOf(state), reason, state,
            IdempotencyKey(turn, reason)), ct);
}
