using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Voice;

/// <summary>
/// The one dialog, by voice: the same menus as USSD read out as "for X, press 1", keys pressed on the
/// phone. What a keypad needs beyond the engine lives here:
/// <list type="bullet">
/// <item>long lists are read <see cref="PageSize"/> choices at a time (8: more, 9: back);</item>
/// <item>a number is typed and ended with #, read back, and confirmed with 1 (or 2 to type it again);</item>
/// <item>* repeats, 0 goes to an agent from anywhere (in agents' hours; else a call back is offered);</item>
/// <item>no key: "we did not hear a key" and the prompt again; three times, or three wrong keys, and the
/// caller goes to an agent (or hears goodbye out of hours).</item>
/// </list>
/// Providers (Twilio, Africa's Talking) only parse their webhook and render the <see cref="VoiceAnswer"/>.
/// </summary>
public sealed class VoiceDialog(DialogEngine engine, IStateStore store, IEscalationStore escalations, DailyCounters daily,
    VoiceOptions options, AgentHours hours, TimeProvider clock, ILogger<VoiceDialog> logger)
{
    public const string Channel = "voice";
    public const int PageSize = 7;
    public const string MoreKey = "8", BackKey = "9", RepeatKey = "*", AgentKey = "0";
    public const int MaxSilences = 3;
    private const int MaxNumberDigits = 20;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private ContentBundle Content => engine.Content;

    public static string Key(string provider, string callId) => $"voice:{provider}:{callId}";

    /// <summary>The call as stored, if it is (for reports when it ends).</summary>
    public Task<VoiceCall?> FindAsync(string provider, string callId, CancellationToken ct = default) =>
        store.GetAsync<VoiceCall>(Key(provider, callId), ct);

    /// <summary>
    /// One step of a call: its first webhook (a new call), the keys pressed (<paramref name="keys"/>), or
    /// none pressed before the timeout (null or empty). <paramref name="canTransfer"/>: the provider has
    /// somewhere to send a caller who asks for an agent (else they are offered a call back).
    /// </summary>
    public async Task<VoiceAnswer> AnswerAsync(string provider, string callId, string? msisdn, string? keys, bool canTransfer, CancellationToken ct = default)
    {
        using var activity = HudumaActivity.StartTurn("voice turn", Channel, provider);
        var key = Key(provider, callId);
        var call = await store.GetAsync<VoiceCall>(key, ct);
        VoiceAnswer answer;
        if (call is null)
        {
            var (state, _) = await engine.StartAsync(Turn(callId, msisdn, null), ct);
            call = new VoiceCall { Provider = provider, CallId = callId, Msisdn = msisdn, State = state, StartedAt = clock.GetUtcNow() };
            await daily.CountAsync(DailyCounters.ConversationsStarted(Channel), ct);
            answer = Speak(call);
        }
        else if (call.Transferred || call.State.Ended && call.Ticket is not null)
            answer = new VoiceAnswer(Language(call), [], VoiceNext.Hangup);
        else if (string.IsNullOrEmpty(keys?.Trim('#')))
            answer = await SilenceAsync(call, canTransfer, ct);
        else
        {
            call.Silences = 0;
            answer = await KeysAsync(call, keys.Trim().TrimEnd('#'), canTransfer, ct);
        }
        await store.SetAsync(key, call, Lifetime, ct);
        activity?.SetTag(HudumaActivity.NodeTag, call.State.Node);
        if (logger.IsEnabled(LogLevel.Debug))
            logger.LogDebug("Voice {Provider} call {Call} from {Phone} at {Node}: {Next}", provider, callId, Mask.Phone(msisdn), call.State.Node, answer.Next);
        return answer;
    }

    /// <summary>
    /// What a caller hears when the call cannot go on (the store is unreachable): sorry, in both languages,
    /// and goodbye — rather than the provider's "application error". Nothing they did is lost: the stored
    /// call is as it was.
    /// </summary>
    public VoiceAnswer Unavailable() => new(Core.Content.Language.En,
        [Content.Prompt(PromptKeys.Unavailable, Core.Content.Language.En), Content.Prompt(PromptKeys.Unavailable, Core.Content.Language.Sw)], VoiceNext.Hangup);

    private async Task<VoiceAnswer> SilenceAsync(VoiceCall call, bool canTransfer, CancellationToken ct)
    {
        call.Silences++;
        if (call.Silences >= MaxSilences) return await GiveUpAsync(call, canTransfer, ct);
        return Speak(call, Prompt(VoicePrompts.NoInput, call));
    }

    private async Task<VoiceAnswer> KeysAsync(VoiceCall call, string keys, bool canTransfer, CancellationToken ct)
    {
        var state = call.State;
        if (keys == RepeatKey) return call.Entered is { } typed ? ReadBack(call, typed) : Speak(call);
        if (keys == AgentKey && !call.OfferingCallBack) return await ToAgentAsync(call, canTransfer, ct);

        if (call.OfferingCallBack)
        {
            switch (keys)
            {
                case "1": return await CallBackAsync(call, ct);
                case "2":
                    call.OfferingCallBack = false;
                    return Speak(call);
                default: return Closed(call, Content.Prompt(PromptKeys.ErrorChoice, Language(call)));
            }
        }

        if (call.Entered is { } entered)
        {
            switch (keys)
            {
                case "1":
                    call.Entered = null;
                    return await AfterAsync(call, await engine.HandleAsync(state, Turn(call, entered), ct), canTransfer, ct);
                case "2":
                    call.Entered = null;
                    return Speak(call);
                default: return ReadBack(call, entered, Content.Prompt(PromptKeys.ErrorChoice, Language(call)));
            }
        }

        if (engine.IsAtInput(state))
        {
            if (keys.Length > MaxNumberDigits || !keys.All(char.IsAsciiDigit))
                return await AfterAsync(call, engine.Reject(state, PromptKeys.ErrorNumber), canTransfer, ct);
            call.Entered = keys;
            return ReadBack(call, keys);
        }

        // A menu, read a page at a time.
        var options = engine.Render(state).Options;
        var pages = PageCount(options.Count);
        if (keys == MoreKey && call.Page < pages - 1)
        {
            call.Page++;
            return Speak(call);
        }
        if (keys == BackKey && CanGoBack(state))
        {
            call.Page = 0;
            return await AfterAsync(call, await engine.HandleAsync(state, Turn(call, DialogEngine.BackInput), ct), canTransfer, ct);
        }
        if (keys.Length == 1 && keys[0] is >= '1' and <= '9')
        {
            var index = (pages > 1 ? call.Page * PageSize : 0) + (keys[0] - '1');
            var onPage = pages == 1 || keys[0] - '1' < PageSize;
            if (onPage && index < options.Count)
            {
                call.Page = 0;
                return await AfterAsync(call, await engine.HandleAsync(state, Turn(call, options[index].Key), ct), canTransfer, ct);
            }
        }
        return await AfterAsync(call, engine.Reject(state, PromptKeys.ErrorChoice), canTransfer, ct);
    }

    /// <summary>What the engine answered, spoken; an ending after too many wrong keys goes to an agent instead.</summary>
    private async Task<VoiceAnswer> AfterAsync(VoiceCall call, Reply reply, bool canTransfer, CancellationToken ct)
    {
        if (call.State.Ended && call.State.Wrong >= DialogEngine.MaxWrongInputs)
        {
            // The engine's goodbye is for screens; a caller who is stuck is better off with a person.
            call.State.Ended = false;
            call.State.Result = null;
            call.State.Wrong = 0;
            return await GiveUpAsync(call, canTransfer, ct);
        }
        return Speak(call, reply.Notice);
    }

    /// <summary>Three prompts unanswered or wrong: an agent in agents' hours, else goodbye.</summary>
    private async Task<VoiceAnswer> GiveUpAsync(VoiceCall call, bool canTransfer, CancellationToken ct)
    {
        if (hours.Open && canTransfer) return await ToAgentAsync(call, canTransfer, ct);
        call.State.Ended = true;
        return new VoiceAnswer(Language(call), [Prompt(VoicePrompts.Goodbye, call)], VoiceNext.Hangup);
    }

    /// <summary>0: the caller and their context into the agents' queue, or the offer of a call back when nobody can answer.</summary>
    private async Task<VoiceAnswer> ToAgentAsync(VoiceCall call, bool canTransfer, CancellationToken ct)
    {
        call.Entered = null;
        if (!hours.Open || !canTransfer)
        {
            call.OfferingCallBack = true;
            return Closed(call);
        }
        var ticket = await OpenTicketAsync(call, "voice-agent", ct);
        call.Transferred = true;
        return new VoiceAnswer(Language(call), [Spoken.Text(Prompt(VoicePrompts.Transfer, call, ("reference", ticket.Reference)))], VoiceNext.Transfer,
            Ticket: ticket.Reference);
    }

    private async Task<VoiceAnswer> CallBackAsync(VoiceCall call, CancellationToken ct)
    {
        call.OfferingCallBack = false;
        var ticket = await OpenTicketAsync(call, EscalationReasons.Callback, ct);
        call.State.Ended = true;
        return new VoiceAnswer(Language(call),
            [Spoken.Text(Content.Prompt(PromptKeys.CallbackDone, Language(call), ("reference", ticket.Reference))), Prompt(VoicePrompts.Goodbye, call)],
            VoiceNext.Hangup, Ticket: ticket.Reference);
    }

    private async Task<Escalation> OpenTicketAsync(VoiceCall call, string reason, CancellationToken ct)
    {
        var ticket = await escalations.CreateAsync(NewEscalation.ForConversation(Channel, call.Msisdn, Language(call), reason, call.State,
            $"{Channel}:{call.Provider}:{call.CallId}:{reason}"), ct);
        call.Ticket = ticket.Reference;
        return ticket;
    }

    private VoiceAnswer Closed(VoiceCall call, string? notice = null) =>
        Gather(call, [.. Notice(notice), Prompt(VoicePrompts.Closed, call)]);

    private VoiceAnswer ReadBack(VoiceCall call, string digits, string? notice = null) =>
        Gather(call, [.. Notice(notice), Prompt(VoicePrompts.ReadBack, call, ("digits", Spoken.Characters(digits)))]);

    /// <summary>The current node (or an action's answer) read out, with its keys.</summary>
    private VoiceAnswer Speak(VoiceCall call, string? notice = null)
    {
        var state = call.State;
        var reply = engine.Render(state);
        var language = Language(call);
        if (reply.Ends || state.Ended)
        {
            state.Ended = true;
            return new VoiceAnswer(language, [.. Notice(notice), .. reply.Lines.Select(Spoken.Text), Prompt(VoicePrompts.Goodbye, call)], VoiceNext.Hangup);
        }
        if (state.Result is null && state.Node == MenuNodes.Language)
            return Gather(call, [.. Notice(notice), Content.Prompt(VoicePrompts.Language, Core.Content.Language.En)]);
        if (engine.IsAtInput(state))
            return new VoiceAnswer(language, [.. Notice(notice), .. reply.Lines.Select(Spoken.Text), Prompt(VoicePrompts.EnterHash, call)],
                VoiceNext.Gather, MaxDigits: MaxNumberDigits, EndsWithHash: true, TimeoutSeconds: options.NumberTimeoutSeconds);

        var pages = PageCount(reply.Options.Count);
        call.Page = Math.Clamp(call.Page, 0, pages - 1);
        var shown = pages > 1 ? reply.Options.Skip(call.Page * PageSize).Take(PageSize) : reply.Options;
        var speech = new List<string>(Notice(notice));
        // The menu's title only on its first page; an action's answer (a status) is read in full.
        if (call.Page == 0 || state.Result is not null) speech.AddRange(reply.Lines.Select(Spoken.Text));
        speech.AddRange(shown.Select((o, i) => Prompt(VoicePrompts.Option, call, ("label", o.Label), ("key", (i + 1).ToString()))));
        if (call.Page < pages - 1) speech.Add(Prompt(VoicePrompts.More, call));
        if (CanGoBack(state)) speech.Add(Prompt(VoicePrompts.Back, call));
        speech.Add(Prompt(VoicePrompts.Navigation, call));
        return Gather(call, speech);
    }

    private VoiceAnswer Gather(VoiceCall call, IReadOnlyList<string> speech) =>
        new(Language(call), speech, VoiceNext.Gather, TimeoutSeconds: options.KeyTimeoutSeconds);

    private static IEnumerable<string> Notice(string? notice) => notice is null ? [] : [notice];

    /// <summary>The key that picks choice <paramref name="index"/> of <paramref name="count"/> on its page.</summary>
    public static string KeyOf(int index, int count) => (PageCount(count) > 1 ? index % PageSize + 1 : index + 1).ToString();

    /// <summary>Up to 8 choices are read at once; more go <see cref="PageSize"/> at a time, 8 for the next ones.</summary>
    private static int PageCount(int options) => options <= 8 ? 1 : (options + PageSize - 1) / PageSize;

    private static bool CanGoBack(ConversationState state) => state.Result is not null || state.Back.Count > 0;

    private string Prompt(string key, VoiceCall call, params (string, string?)[] values) => Content.Prompt(key, Language(call), values);
    private static Language Language(VoiceCall call) => DialogEngine.LanguageOf(call.State);
    private static Turn Turn(VoiceCall call, string input) => new(Channel, call.CallId, call.Msisdn, input);
    private static Turn Turn(string callId, string? msisdn, string? input) => new(Channel, callId, msisdn, input);
}
