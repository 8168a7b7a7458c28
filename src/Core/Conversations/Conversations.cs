using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// The one entry point of a conversation turn, for every channel (<see cref="HandleAsync"/>): one read of
/// the session, the channel's navigation and the <see cref="DialogEngine"/>, one write. It owns what is
/// the same on every channel: the session's key (<see cref="Key"/>) and lifetime
/// (<see cref="ConversationPolicy"/>), counting starts (<see cref="DailyCounters"/>), resuming a dropped
/// session, and the handoff policy (agents' hours, a stuck citizen, call-back tickets).
/// </summary>
public sealed class Conversations(DialogEngine engine, IStateStore store, DailyCounters daily, IEscalationStore escalations, AgentHours hours)
{
    /// <summary>Where a conversation is stored: huduma:{channel}:{subject}. Keys are built here only.</summary>
    /// <remarks>
    /// The subject is what a channel's conversations belong to: a phone on USSD (so a redial finds the
    /// session to resume in the read that tells a repeated first hop), "{provider}:{callId}" on voice, the
    /// conversation's id in chat, a phone on SMS (its messages of a day are one conversation).
    /// </remarks>
    public static string Key(string channel, string subject) => $"{channel}:{subject}";

    /// <summary>
    /// Where a subject's older session goes on when a newer one takes its key (a handset holds one USSD
    /// session at a time; should a newer start while an older may still be live, the older moves aside).
    /// </summary>
    public static string AsideKey(string channel, string subject, string sessionId) => $"{channel}:{subject}:{sessionId}";

    public DialogEngine Engine => engine;
    public AgentHours Hours => hours;

    /// <summary>A stored session, if there is one (for reports once it has ended).</summary>
    public Task<TSession?> FindAsync<TSession>(string channel, string subject, CancellationToken ct = default) where TSession : class =>
        store.GetAsync<TSession>(Key(channel, subject), ct);

    /// <summary>
    /// One turn: reads the subject's session (on a first turn with the phone's language, in one round trip),
    /// starts a conversation (counted), offers or answers resuming, or lets the channel continue; then writes
    /// the session (with what it displaced, the count, and the channel's own write) in one round trip. A
    /// repeated turn is answered again and writes nothing.
    /// </summary>
    public async Task<TAnswer> HandleAsync<TSession, TAnswer>(IConversationChannel<TSession, TAnswer> channel, Turn turn, string subject,
        string? provider = null, CancellationToken ct = default) where TSession : class, IConversationSession
    {
        var policy = channel.Policy;
        using var activity = HudumaActivity.StartTurn(policy.SpanName, policy.Channel, provider);
        var key = Key(policy.Channel, subject);
        var firstTurn = string.IsNullOrEmpty(turn.Input);

        // The subject's newest session: this one, or (on a first turn) one to offer to resume.
        var readProfile = policy.ReadsProfileWithFirstTurn && firstTurn && turn.Msisdn is not null;
        TSession? newest;
        PhoneProfiles.Profile? profile = null;
        if (readProfile) (newest, profile) = await store.GetBothAsync<TSession, PhoneProfiles.Profile>(key, PhoneProfiles.Key(turn.Msisdn!), ct);
        else newest = await store.GetAsync<TSession>(key, ct);
        var older = newest?.SessionId is { } newestId && newestId != turn.ConversationId;
        var session = older ? null : newest;
        if (older && !firstTurn)
        {
            // Not the newest: it may be one a newer session of the subject moved aside.
            var aside = AsideKey(policy.Channel, subject, turn.ConversationId);
            if (await store.GetAsync<TSession>(aside, ct) is { } displaced) (session, key) = (displaced, aside);
        }
        if (policy.RestartsWhenEnded && session is { State.Ended: true }) session = null;

        TAnswer answer;
        var isNew = session is null;
        if (isNew)
        {
            var (state, first) = channel.ChosenLanguage is { } chosen ? engine.Start(chosen)
                : readProfile ? engine.Start(profile?.Language)
                : await engine.StartAsync(turn, ct);
            session = channel.Create(turn, state);
            if (policy.OffersResume && firstTurn && older && IsWorthResuming(newest!.State))
            {
                session.State = newest.State;
                session.OfferingResume = true;
                answer = channel.Render(session, turn, ResumeQuestion(newest.State));
            }
            else answer = await channel.BeginAsync(session, turn, first, ct);
        }
        else if (channel.TryRepeat(session!, turn, out answer))
        {
            activity?.SetTag(HudumaActivity.NodeTag, session!.State.Node);
            return answer;
        }
        else if (session!.OfferingResume)
            answer = channel.Render(session, turn, await AnswerResumeAsync(session, turn, channel.InputOf(session, turn), ct));
        else
            answer = await channel.ContinueAsync(session, turn, ct);
        activity?.SetTag(HudumaActivity.NodeTag, session.State.Node);

        // The turn's writes go out together, in one round trip.
        var write = store.SetAsync(key, session, policy.LifetimeOf(session.State), ct);
        var own = channel.SaveWithAsync(session, answer, ct);
        if (isNew)
        {
            // A new session takes the subject's key; the one it displaces may still be live (or be resumed
            // from this one), so it goes on aside.
            var displace = older && !newest!.State.Ended
                ? store.SetAsync(AsideKey(policy.Channel, subject, newest.SessionId!), newest, policy.Lifetime, ct)
                : Task.CompletedTask;
            // The day's count of conversations, for the dashboard's share the bot handled alone.
            await Task.WhenAll(write, own, displace, daily.CountAsync(DailyCounters.ConversationsStarted(policy.Channel), ct));
        }
        else if (own.IsCompleted) await write;
        else await Task.WhenAll(write, own);
        return answer;
    }

    /// <summary>"Continue where you left off?", in the dropped conversation's language.</summary>
    public Reply ResumeQuestion(ConversationState state, string? notice = null)
    {
        var language = DialogEngine.LanguageOf(state);
        var content = engine.Content;
        return new Reply([content.Prompt(PromptKeys.ResumeAsk, language)],
            [new ReplyOption("1", content.Prompt(PromptKeys.ResumeYes, language)), new ReplyOption("2", content.Prompt(PromptKeys.ResumeNo, language))],
            language, Notice: notice);
    }

    /// <summary>The answer to the resume question: 1 goes on where it was, 2 (or home) starts afresh, anything else asks again.</summary>
    private async Task<Reply> AnswerResumeAsync(IConversationSession session, Turn turn, string input, CancellationToken ct)
    {
        var state = session.State;
        switch (input)
        {
            case "1":
                session.OfferingResume = false;
                state.Wrong = 0;
                return engine.Render(state);
            case "2" or DialogEngine.HomeInput:
                session.OfferingResume = false;
                var (fresh, reply) = await engine.StartAsync(turn with { Input = null }, ct);
                session.State = fresh;
                return reply;
            default:
                var rejected = engine.Reject(state, PromptKeys.ErrorChoice);
                return rejected.Ends ? rejected : ResumeQuestion(state, rejected.Notice);
        }
    }

    /// <summary>Only a dropped conversation that got somewhere is worth offering to resume.</summary>
    private static bool IsWorthResuming(ConversationState state) =>
        !state.Ended && (state.Node is not (MenuNodes.Home or MenuNodes.Language) || state.Result is not null);

    /// <summary>
    /// A citizen asks for a person: to an agent in agents' hours when the channel has somewhere to send
    /// them (<paramref name="canTransfer"/>), with a ticket carrying the conversation; else the offer of a
    /// call back.
    /// </summary>
    public async Task<Handover> ToAgentAsync(Turn turn, ConversationState state, bool canTransfer, CancellationToken ct = default)
    {
        if (!hours.Open || !canTransfer) return new Handover(HandoverKind.OfferCallBack);
        return new Handover(HandoverKind.Transfer, await OpenTicketAsync(turn, state, $"{turn.Channel}-agent", ct));
    }

    /// <summary>
    /// A citizen stuck (<see cref="DialogEngine.IsStuck"/>, or a channel's own limit such as prompts
    /// unanswered): a person in agents' hours, else the conversation ends.
    /// </summary>
    public async Task<Handover> GiveUpAsync(Turn turn, ConversationState state, bool canTransfer, CancellationToken ct = default)
    {
        state.Wrong = 0;
        if (hours.Open && canTransfer) return await ToAgentAsync(turn, state, canTransfer, ct);
        DialogEngine.End(state);
        return new Handover(HandoverKind.Goodbye);
    }

    /// <summary>Yes to a call back: a ticket for the agents' queue, and the conversation ends.</summary>
    public async Task<Escalation> CallBackAsync(Turn turn, ConversationState state, CancellationToken ct = default)
    {
        var ticket = await OpenTicketAsync(turn, state, EscalationReasons.Callback, ct);
        DialogEngine.End(state);
        return ticket;
    }

    /// <summary>
    /// A citizen leaves a message for a person (SMS AGENT): a ticket at any hour, since agents answer
    /// messages when they come in, carrying the messages so far (<paramref name="transcript"/>). One per
    /// message however often its provider retries it (<paramref name="messageKey"/>), not one per
    /// conversation: an SMS conversation lasts a day, and a second request after the first ticket was
    /// resolved is a new ticket, not the old one again.
    /// </summary>
    public Task<Escalation> LeaveForAgentAsync(Turn turn, Language language, IReadOnlyList<string> path, IReadOnlyList<TranscriptLine> transcript,
        string messageKey, CancellationToken ct = default) =>
        escalations.CreateAsync(new NewEscalation(turn.Channel, turn.Msisdn, language.Code(), $"{turn.Channel}-agent", path, IdempotencyKey: messageKey)
            { Transcript = transcript }, ct);

    /// <summary>
    /// A citizen in a written conversation (chat) asks for a person: a ticket at any hour, since agents answer
    /// written conversations as they come in, carrying the conversation's id (where the agent's replies go)
    /// and its <paramref name="transcript"/>. One per conversation and reason while it is open, keyed as
    /// <see cref="ConversationTickets"/>'s (asking again, or a retried message, finds it); once that one is
    /// resolved, asking again opens the next, keyed by the one before it, so a retry finds that one too.
    /// </summary>
    public Task<Escalation> ToAgentInWritingAsync(Turn turn, ConversationState state, Language language, string reason,
        IReadOnlyList<TranscriptLine> transcript, CancellationToken ct = default) =>
        ConversationTickets.OpenOrNextAsync(escalations, turn, state, language, reason,
            request => request with { ConversationId = turn.ConversationId, Transcript = transcript }, ct);

    /// <summary>
    /// One ticket per conversation and reason, however often the provider repeats the turn, and the same one the
    /// menus' request-callback action opens in this conversation (<see cref="ConversationTickets"/>: keyed by the
    /// turn's channel and conversation).
    /// </summary>
    private Task<Escalation> OpenTicketAsync(Turn turn, ConversationState state, string reason, CancellationToken ct) =>
        ConversationTickets.OpenAsync(escalations, turn, state, reason, ct);
}
