using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// The one place a ticket for a conversation is opened (a call back, an agent, a chat handed to a person),
/// whoever asks: the menus' request-callback action or <see cref="Conversations.Conversations"/>' handoff
/// policy. One ticket per conversation and reason: the idempotency key is the turn's channel, its
/// conversation and the reason, so a provider's repeated turn, or the same request by another path, gives the
/// ticket already opened. (SMS's AGENT is the exception, one per message: <see cref="Conversations.Conversations.LeaveForAgentAsync"/>.)
/// </summary>
internal static class ConversationTickets
{
    /// <summary>{channel}:{conversationId}:{reason}, e.g. "voice:CA123:callback".</summary>
    public static string IdempotencyKey(Turn turn, string reason) => $"{turn.Channel}:{turn.ConversationId}:{reason}";

    /// <summary>The conversation's ticket for <paramref name="reason"/>, with its path and the document it was about.</summary>
    public static Task<Escalation> OpenAsync(IEscalationStore escalations, Turn turn, ConversationState state, string reason, CancellationToken ct) =>
        escalations.CreateAsync(Request(turn, state, DialogEngine.LanguageOf(state), reason, IdempotencyKey(turn, reason)), ct);

    /// <summary>
    /// The conversation's open ticket for <paramref name="reason"/>, or, once that one is resolved, the next
    /// (keyed by the one before it, so a retried turn finds that one too): a written conversation (chat) lasts,
    /// and asking for a person again after an agent closed it is a new request. <paramref name="shape"/> adds
    /// what the channel's ticket carries (its conversation's id, the transcript).
    /// </summary>
    public static async Task<Escalation> OpenOrNextAsync(IEscalationStore escalations, Turn turn, ConversationState state, Language language,
        string reason, Func<NewEscalation, NewEscalation> shape, CancellationToken ct)
    {
        var key = IdempotencyKey(turn, reason);
        var ticket = await escalations.CreateAsync(shape(Request(turn, state, language, reason, key)), ct);
        while (ticket.Status == EscalationStatus.Resolved)
            ticket = await escalations.CreateAsync(shape(Request(turn, state, language, reason, $"{key}:after:{ticket.Reference}")), ct);
        return ticket;
    }

    // Without a verified phone (the anonymous web) the ticket names no document number: the agent's view of the
    // register would show what the lookup's privacy rule may not have shown the citizen.
    private static NewEscalation Request(Turn turn, ConversationState state, Language language, string reason, string key)
    {
        var request = NewEscalation.ForConversation(turn.Channel, turn.Msisdn, language, reason, state, key);
        return turn.Msisdn is null ? request with { DocumentNumber = null } : request;
    }
}
