using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Messaging;

/// <summary>An SMS a citizen sent, as the dialog needs it: who, what, and a key unique to the provider's message.</summary>
public sealed record SmsMessage(string From, string Text, string IdempotencyKey);

/// <summary>What to answer: a reply (or none), and whether an opted-out phone may still receive it.</summary>
public sealed record SmsReply(string Text, bool EvenWhenOptedOut = false);

/// <summary>
/// The SMS side of the one dialog: a keyword message (parsed by the SMS channel into an
/// <see cref="SmsCommand"/>) becomes the same lookups, searches and tickets as the USSD menus, under the
/// same privacy rules. What an SMS conversation must remember between
/// messages (the document awaiting a waiting-card reference, how often we misunderstood) lives in
/// huduma:conv:sms:{msisdn}.
/// </summary>
public sealed class SmsConversation(ContentBundle content, StatusLookup lookup, OptOutList optOuts,
    IEscalationStore escalations, EscalationDesk desk, PhoneProfiles profiles, IStateStore store, SmsThread thread, DailyCounters daily,
    TimeProvider clock)
{
    public const string Channel = "sms";
    public const int MisunderstandingsBeforeAgent = 2;
    private static readonly TimeSpan Memory = TimeSpan.FromDays(1);
    /// <summary>How far back an agent's ticket looks into the SMS thread for what the citizen already asked.</summary>
    public static readonly TimeSpan TranscriptWindow = TimeSpan.FromDays(1);

    internal sealed class State
    {
        public string? Lang { get; set; }
        public string? AwaitingType { get; set; }
        public string? AwaitingNumber { get; set; }
        public int Misunderstood { get; set; }
    }

    private static string Key(string msisdn) => $"conv:sms:{msisdn}";

    /// <param name="idempotencyKey">The provider's id of the message, so a retried callback makes no second ticket.</param>
    public async Task<SmsReply?> HandleAsync(SmsMessage sms, SmsCommand command, CancellationToken ct = default)
    {
        var state = await store.GetAsync<State>(Key(sms.From), ct);
        // A conversation, for the dashboard's share the bot handled alone: messages within a day of each other.
        if (state is null) await daily.CountAsync(DailyCounters.ConversationsStarted(Channel), ct);
        state ??= new State();
        var language = command.Language ?? Languages.Parse(state.Lang) ?? await profiles.GetLanguageAsync(sms.From, ct) ?? Language.En;
        if (command.Language is { } used) state.Lang = used.Code();

        await thread.RecordAsync(sms.From, "citizen", sms.Text, ct);
        var reply = await AnswerAsync(sms, command, state, language, ct);
        await store.SetAsync(Key(sms.From), state, Memory, ct);
        if (reply is not null) await thread.RecordAsync(sms.From, "bot", reply.Text, ct);
        return reply;
    }

    private async Task<SmsReply?> AnswerAsync(SmsMessage sms, SmsCommand command, State state, Language language, CancellationToken ct)
    {
        string Prompt(string key, params (string, string?)[] values) => content.Prompt(key, language, values);
        if (command.Kind != SmsCommandKind.Unknown) state.Misunderstood = 0;

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
            case SmsCommandKind.Status:
                return await StatusAsync(sms, command.Document!, command.Argument ?? "", null, state, language, ct);
            case SmsCommandKind.Centre:
                return new SmsReply(Centres(command.Argument ?? "", language));
            case SmsCommandKind.Agent:
                // The agent sees what the citizen already texted and was told (this message included).
                var transcript = await thread.SinceAsync(sms.From, clock.GetUtcNow() - TranscriptWindow, ct);
                var ticket = await escalations.CreateAsync(new NewEscalation(Channel, sms.From, language.Code(), "sms-agent",
                    [$"sms:{command.Argument}"], IdempotencyKey: sms.IdempotencyKey) { Transcript = transcript }, ct);
                return new SmsReply(Prompt(PromptKeys.SmsAgentDone, ("reference", ticket.Reference)));
        }

        // Not a keyword: the rating we asked for after an agent's help, the reference we asked for, or a misunderstanding.
        if (int.TryParse(sms.Text.Trim(), out var rating) && rating is >= 1 and <= 5
            && await store.GetAsync<SmsRatingRequest.Asked>(SmsRatingRequest.Key(sms.From), ct) is { } asked
            && (await desk.RateAsync(asked.Reference, rating, ct)).Succeeded)
        {
            await store.DeleteAsync(SmsRatingRequest.Key(sms.From), ct);
            return new SmsReply(Prompt(PromptKeys.SmsRateThanks));
        }
        if (state.AwaitingType is { } type && InputKinds.Accept(InputKinds.Reference, sms.Text, null) is (string reference, null))
            return await StatusAsync(sms, type, state.AwaitingNumber ?? "", reference, state, language, ct);
        state.Misunderstood++;
        return new SmsReply(Prompt(state.Misunderstood > MisunderstandingsBeforeAgent ? PromptKeys.SmsOfferAgent : PromptKeys.SmsUnknown));
    }

    private async Task<SmsReply> StatusAsync(SmsMessage sms, string type, string number, string? reference, State state,
        Language language, CancellationToken ct)
    {
        var document = content.Document(type);
        var documentName = document?.Name?[language] ?? type;
        if (InputKinds.Accept(InputKinds.DocumentNumber, number, document) is not (string accepted, null))
            return new SmsReply(content.Prompt(PromptKeys.SmsNeedNumber, language, ("document", documentName), ("hint", document?.Hint?[language])));

        state.AwaitingType = null;
        state.AwaitingNumber = null;
        var result = await lookup.LookUpAsync(Channel, sms.From, sms.From, type, accepted, reference, language, ct);
        switch (result)
        {
            case StatusLookupResult.Answer answer:
                return new SmsReply(string.Join(" ", answer.Lines));
            case StatusLookupResult.NeedReference:
                state.AwaitingType = type;
                state.AwaitingNumber = accepted;
                return new SmsReply(content.Prompt(PromptKeys.SmsAskReference, language, ("document", documentName), ("number", accepted)));
            case StatusLookupResult.RateLimited:
                return new SmsReply(content.Prompt(PromptKeys.StatusRateLimited, language));
            default:
                return new SmsReply(content.Prompt(PromptKeys.StatusReferenceMismatch, language));
        }
    }

    /// <summary>Centres that match, as many as fit two SMS segments.</summary>
    private string Centres(string query, Language language)
    {
        var found = CentreSearch.Find(content, query);
        if (found.Count == 0) return content.Prompt(PromptKeys.SmsCentreNone, language, ("query", query.Length == 0 ? "-" : query));
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
