using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms.Menus;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Sms;

/// <summary>An SMS a citizen sent, as the dialog needs it: who, what, a key unique to the provider's message, and the provider.</summary>
internal sealed record SmsMessage(string From, string Text, string IdempotencyKey, string? Provider = null);

/// <summary>What to answer: a reply (or none), and whether an opted-out phone may still receive it.</summary>
internal sealed record SmsReply(string Text, bool EvenWhenOptedOut = false);

/// <summary>
/// The SMS side of the one dialog. A keyword (parsed by <see cref="Keywords.SmsKeywordParser"/> into an
/// <see cref="SmsCommand"/>) is a shortcut: STATUS answers in one message, CENTRE lists centres, AGENT
/// leaves a message for a person, MENU and its kin open content/menus.yaml, walked by numbered replies
/// (<see cref="SmsMenus"/>) to everything USSD offers. Other text is a question answered from the FAQs,
/// as in chat. The privacy of status lookups (Core's <c>StatusLookup</c>), ratings and opt-outs hold on
/// every path. Core's rules for a conversation of messages apply: a digit after an agent's resolve is
/// a rating (<see cref="RatingReplies"/>), misunderstandings are counted until a person is offered
/// (<see cref="Misunderstandings"/>), and a keyword lookup's number is kept while the reference is asked
/// for (<see cref="MessageStatus"/>). Each message is a turn of Core's <see cref="Conversations.HandleAsync"/>: the
/// <see cref="SmsSession"/>'s key (huduma:sms:{msisdn}), its day's lifetime, its one read and one write, and
/// counting starts are Core's; the messages of a day from one phone are one conversation.
/// </summary>
internal sealed class SmsConversation(ContentBundle content, MessageStatus status, RatingReplies ratings, OptOutList optOuts,
    Conversations conversations, PhoneProfiles profiles, SmsThread thread, TimeProvider clock, SmsMenus menus, IOptions<SmsOptions> options)
{
    public const string Channel = SmsSession.Channel;
    /// <summary>How far back an agent's ticket looks into the SMS thread for what the citizen already asked.</summary>
    public static readonly TimeSpan TranscriptWindow = TimeSpan.FromDays(1);

    /// <summary>An SMS conversation: a phone's messages within <see cref="SmsOptions.ConversationLifetime"/> (a day) of each other.</summary>
    private readonly ConversationPolicy _policy = new(Channel, "sms message", options.Value.ConversationLifetime);

    private readonly FaqSearch _faqs = new(content);

    /// <param name="sms">Its idempotency key is the provider's id of the message, so a retried callback makes no second ticket.</param>
    public Task<SmsReply?> HandleAsync(SmsMessage sms, SmsCommand command, CancellationToken ct = default) =>
        // The engine's turn: the conversation's key is the phone's, the turn's id the message's (its
        // provider id), so a retried callback is the same request to the engine's actions.
        // A citizen wrong three times at a menu is left stuck for Core's handoff policy (SmsMenus), not ended.
        conversations.HandleAsync(new MessageTurn(this, sms, command),
            new Turn(Channel, sms.IdempotencyKey, sms.From, sms.Text) { HandsOverWhenStuck = true }, sms.From, sms.Provider, ct);

    /// <summary>
    /// One message's part of Core's turn: the keywords, the menus and the FAQs, and the SMS thread's two
    /// lines (the citizen's before the answer, so an AGENT ticket carries it; the bot's with the session's write).
    /// </summary>
    private sealed class MessageTurn(SmsConversation sms, SmsMessage message, SmsCommand command) : IConversationChannel<SmsSession, SmsReply?>
    {
        public ConversationPolicy Policy => sms._policy;
        public Language? ChosenLanguage => command.Language;

        /// <summary>
        /// No menu is open until the citizen asks for one: of the engine's first state only its language is kept
        /// (the keyword's, else the phone's as Core started it), so later messages need not read the profile.
        /// </summary>
        public SmsSession Create(Turn turn, ConversationState state) => new() { Lang = state.Lang };

        public string InputOf(SmsSession session, Turn turn) => turn.Input ?? "";

        /// <summary>A retried message is told by the inbox's seen mark, before the conversation is read.</summary>
        public bool TryRepeat(SmsSession session, Turn turn, out SmsReply? answer)
        {
            answer = null;
            return false;
        }

        public ValueTask<SmsReply?> BeginAsync(SmsSession session, Turn turn, Reply reply, CancellationToken ct) =>
            new(sms.AnswerAsync(message, command, session, turn, isNew: true, ct));

        public ValueTask<SmsReply?> ContinueAsync(SmsSession session, Turn turn, CancellationToken ct) =>
            new(sms.AnswerAsync(message, command, session, turn, isNew: false, ct));

        public SmsReply? Render(SmsSession session, Turn turn, Reply reply) =>
            throw new NotSupportedException("SMS offers no resume: its conversation lasts a day");

        public Task SaveWithAsync(SmsSession session, SmsReply? answer, CancellationToken ct) =>
            answer is null ? Task.CompletedTask : sms.RecordAnswerAsync(message.From, answer, ct);
    }

    private Task RecordAnswerAsync(string msisdn, SmsReply answer, CancellationToken ct) => thread.RecordAsync(msisdn, "bot", answer.Text, ct);

    /// <param name="isNew">A new conversation: Core started it with the phone's language already read.</param>
    private async Task<SmsReply?> AnswerAsync(SmsMessage sms, SmsCommand command, SmsSession session, Turn turn, bool isNew, CancellationToken ct)
    {
        // The keyword's language, else the conversation's (kept in its session from its start). Only a session
        // stored before the language was kept reads the phone's, once: the language answered in is kept for the
        // rest of the conversation.
        var language = command.Language ?? Languages.Parse(session.Lang)
            ?? (isNew ? null : await profiles.GetLanguageAsync(sms.From, ct)) ?? Language.En;
        session.Lang = language.Code();
        await thread.RecordAsync(sms.From, "citizen", sms.Text, ct);
        return await AnswerAsync(sms, command, session, turn, language, ct);
    }

    private async Task<SmsReply?> AnswerAsync(SmsMessage sms, SmsCommand command, SmsSession session, Turn turn, Language language, CancellationToken ct)
    {
        string Prompt(string key, params (string, string?)[] values) => content.Prompt(key, language, values);
        if (command.Kind != SmsCommandKind.Unknown) Misunderstandings.Understood(session);
        // "STATUS ID 12345678", "HALI ID 12345678": a shortcut's words with the whole question after them.
        if (command is { Kind: SmsCommandKind.Menu, Argument.Length: > 0 } && StatusQuestion.Find(content, sms.Text) is { } spelledOut)
            command = new SmsCommand(SmsCommandKind.Status, command.Language, spelledOut.DocumentType, spelledOut.Number);
        // A keyword's answer stands alone: a number after it opens the home menu afresh.
        if (command.Kind is SmsCommandKind.Status or SmsCommandKind.Centre or SmsCommandKind.Agent) session.Menu = null;

        switch (command.Kind)
        {
            case SmsCommandKind.Stop:
                await optOuts.OptOutAsync(sms.From, ct);
                return new SmsReply(Prompt(PromptKeys.SmsStop), EvenWhenOptedOut: true);
            case SmsCommandKind.Start:
                await optOuts.OptInAsync(sms.From, ct);
                return new SmsReply(Prompt(PromptKeys.SmsStart), EvenWhenOptedOut: true);
            case SmsCommandKind.Help:
                return new SmsReply(Prompt(PromptKeys.SmsHelp));
            case SmsCommandKind.Menu:
                return new SmsReply(await menus.OpenAsync(session, turn, language, command.Node ?? MenuNodes.Home, ct));
            case SmsCommandKind.Status:
                return await StatusAsync(sms, command.Document!, command.Argument ?? "", session, language, ct);
            case SmsCommandKind.Centre:
                return new SmsReply(Centres(command.Argument ?? "", language));
            case SmsCommandKind.Agent:
                // The agent sees what the citizen already texted and was told (this message included).
                var transcript = await thread.SinceAsync(sms.From, clock.GetUtcNow() - TranscriptWindow, ct);
                // Out of agents' hours too: they answer the message when they come in.
                var ticket = await conversations.LeaveForAgentAsync(turn, language, [$"sms:{command.Argument}"], transcript, sms.IdempotencyKey, ct);
                return new SmsReply(Prompt(PromptKeys.SmsAgentDone, ("reference", ticket.Reference)));
        }

        // Not a keyword: the rating we asked for after an agent's help, the reference we asked for, a
        // numbered reply to a menu, a question, or a misunderstanding.
        var text = sms.Text.Trim();
        if (await ratings.TryRateAsync(Channel, sms.From, text, ct))
            return new SmsReply(Prompt(PromptKeys.SmsRateThanks));
        if (await status.AnswerAwaitedAsync(session, Channel, sms.From, text, language, ct) is { } awaited)
            return StatusReply(awaited, language);
        if (session.Menu is not null && await menus.AnswerAsync(session, turn, ct) is { } step)
        {
            Misunderstandings.Understood(session);
            return new SmsReply(step);
        }
        // A number with no menu open: the citizen wants the menu.
        if (session.Menu is null && SmsMenus.IsKey(text))
            return new SmsReply(await menus.OpenAsync(session, turn, language, MenuNodes.Home, ct));
        // "is my ID 12345678 ready?": the status keyword's answer, under the same privacy rule.
        if (StatusQuestion.Find(content, text) is { } question)
        {
            session.Menu = null;
            return await StatusAsync(sms, question.DocumentType, question.Number, session, language, ct);
        }
        if (_faqs.Find(text) is { } match)
        {
            Misunderstandings.Understood(session);
            // Answered in the language the question was asked in, as in chat; in one message (SmsContentCheck measures it).
            return new SmsReply(SmsAnswers.Faq(content, match.Faq, match.Language));
        }

        // Below the FAQ search's threshold: no guess. Within a menu, the menu again; after repeated misunderstandings, a person.
        var offerAgent = Misunderstandings.NotUnderstood(session);
        if (session.Menu is not null)
            return new SmsReply(menus.Again(session, Prompt(offerAgent ? PromptKeys.SmsOfferAgent : PromptKeys.SmsNotUnderstood)));
        return new SmsReply(Prompt(offerAgent ? PromptKeys.SmsOfferAgent : PromptKeys.SmsUnknown));
    }

    private async Task<SmsReply> StatusAsync(SmsMessage sms, string type, string number, SmsSession session, Language language, CancellationToken ct) =>
        StatusReply(await status.LookUpAsync(session, Channel, sms.From, type, number, null, language, ct), language);

    /// <summary>A lookup's outcome in one message.</summary>
    private SmsReply StatusReply(MessageStatus.Outcome outcome, Language language)
    {
        var document = content.Document(outcome.DocumentType);
        var documentName = document?.Name?[language] ?? outcome.DocumentType;
        return outcome.Lookup switch
        {
            null => new SmsReply(content.Prompt(PromptKeys.SmsNeedNumber, language, ("document", documentName), ("hint", document?.Hint?[language]))),
            StatusLookupResult.Answer answer => new SmsReply(SmsAnswers.Status(answer.Lines)),
            StatusLookupResult.NeedReference => new SmsReply(content.Prompt(PromptKeys.SmsAskReference, language, ("document", documentName),
                ("number", outcome.Number))),
            StatusLookupResult.RateLimited => new SmsReply(content.Prompt(PromptKeys.StatusRateLimited, language)),
            _ => new SmsReply(content.Prompt(PromptKeys.StatusReferenceMismatch, language)),
        };
    }

    /// <summary>Centres that match, as many as fit two SMS segments.</summary>
    private string Centres(string query, Language language)
    {
        var found = CentreSearch.Find(content, query);
        if (found.Count == 0) return content.Prompt(PromptKeys.SmsCentreNone, language, ("query", SmsAnswers.QueryShown(query)));
        var text = "";
        foreach (var centre in found)
        {
            var line = $"{centre.Name}, {centre.Location?[language]}: {centre.Hours?[language]}.";
            var candidate = text.Length == 0 ? line : $"{text} {line}";
            if (SmsSize.Of(candidate).Segments > 2) break;
            text = candidate;
        }
        var unverified = found.Any(c => !c.Verified) ? " " + content.Prompt(PromptKeys.Unconfirmed, language) : "";
        return SmsSize.Of(text + unverified).Segments <= 2 ? text + unverified : text;
    }
}
