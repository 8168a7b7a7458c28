using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Privacy;
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
/// Core's <see cref="Conversations"/> keeps the call (one read, one write a step), counts it, and decides
/// agents' hours, stuck callers and call-back tickets. Providers (Twilio, Africa's Talking) only parse
/// their webhook and render the <see cref="VoiceAnswer"/>.
/// </summary>
internal sealed class VoiceDialog(Conversations conversations, VoiceOptions options, TimeProvider clock, ILogger<VoiceDialog> logger)
{
    public const string Channel = ChannelNames.Voice;
    public const int PageSize = 7;
    public const string MoreKey = "8", BackKey = "9", RepeatKey = "*", AgentKey = "0";
    public const int MaxSilences = 3;
    private const int MaxNumberDigits = 20;

    /// <summary>A call is kept <see cref="VoiceOptions.CallLifetime"/> after its last step, ended or not: its report is made from it when the provider says it ended.</summary>
    private readonly ConversationPolicy _policy = new(Channel, "voice turn", options.CallLifetime);

    private DialogEngine Engine => conversations.Engine;
    private DateTimeOffset Now => clock.GetUtcNow();
    private ContentBundle Content => conversations.Engine.Content;

    /// <summary>What a call's session is stored under: huduma:voice:{provider}:{callId} (<see cref="Conversations.Key"/>).</summary>
    public static string Subject(string provider, string callId) => $"{provider}:{callId}";
    public static string Key(string provider, string callId) => Conversations.Key(Channel, Subject(provider, callId));

    /// <summary>The call as stored, if it is (for reports when it ends).</summary>
    public Task<VoiceCall?> FindAsync(string provider, string callId, CancellationToken ct = default) =>
        conversations.FindAsync<VoiceCall>(Channel, Subject(provider, callId), ct);

    /// <summary>
    /// One step of a call: its first webhook (a new call), the keys pressed (<paramref name="keys"/>), or
    /// none pressed before the timeout (null or empty). <paramref name="canTransfer"/>: the provider has
    /// somewhere to send a caller who asks for an agent (else they are offered a call back).
    /// </summary>
    public async Task<VoiceAnswer> AnswerAsync(string provider, string callId, string? msisdn, string? keys, bool canTransfer, CancellationToken ct = default)
    {
        // A caller wrong three times is stuck for Core's handoff policy, not ended: see Conversations.GiveUpAsync.
        var turn = new Turn(Channel, callId, msisdn, keys) { HandsOverWhenStuck = true };
        var answer = await conversations.HandleAsync(new Step(this, provider, canTransfer), turn, Subject(provider, callId), provider, ct);
        if (logger.IsEnabled(LogLevel.Debug))
            logger.LogDebug("Voice {Provider} call {Call} from {Phone}: {Next}", provider, callId, Mask.Phone(msisdn), answer.Next);
        return answer;
    }

    /// <summary>One step of a call as Core calls back for it: what the keypad adds to the engine.</summary>
    private sealed class Step(VoiceDialog dialog, string provider, bool canTransfer) : IConversationChannel<VoiceCall, VoiceAnswer>
    {
        public ConversationPolicy Policy => dialog._policy;

        public VoiceCall Create(Turn turn, ConversationState state) => new()
        {
            Provider = provider, CallId = turn.ConversationId, Msisdn = turn.Msisdn, State = state, StartedAt = dialog.Now,
        };

        public string InputOf(VoiceCall call, Turn turn) => turn.Input ?? "";

        public bool TryRepeat(VoiceCall call, Turn turn, out VoiceAnswer answer)
        {
            answer = null!;
            return false;
        }

        public ValueTask<VoiceAnswer> BeginAsync(VoiceCall call, Turn turn, Reply reply, CancellationToken ct) => ValueTask.FromResult(dialog.Speak(call));

        public async ValueTask<VoiceAnswer> ContinueAsync(VoiceCall call, Turn turn, CancellationToken ct)
        {
            if (call.Transferred || call.State.Ended && call.Ticket is not null)
                return new VoiceAnswer(Language(call), [], VoiceNext.Hangup);
            if (string.IsNullOrEmpty(turn.Input?.Trim('#')))
                return await dialog.SilenceAsync(call, turn, canTransfer, ct);
            call.Silences = 0;
            return await dialog.KeysAsync(call, turn, turn.Input.Trim().TrimEnd('#'), canTransfer, ct);
        }

        public VoiceAnswer Render(VoiceCall call, Turn turn, Reply reply) => dialog.Speak(call, reply.Notice);
    }

    /// <summary>
    /// What a caller hears when the call cannot go on (the store is unreachable): sorry, in both languages,
    /// and goodbye — rather than the provider's "application error". Nothing they did is lost: the stored
    /// call is as it was.
    /// </summary>
    public VoiceAnswer Unavailable() => new(Core.Content.Language.En,
        [Content.Prompt(PromptKeys.Unavailable, Core.Content.Language.En), Content.Prompt(PromptKeys.Unavailable, Core.Content.Language.Sw)], VoiceNext.Hangup);

    private async Task<VoiceAnswer> SilenceAsync(VoiceCall call, Turn turn, bool canTransfer, CancellationToken ct)
    {
        call.Silences++;
        if (call.Silences >= MaxSilences) return await GiveUpAsync(call, turn, canTransfer, ct);
        return Speak(call, Prompt(VoicePrompts.NoInput, call));
    }

    private async Task<VoiceAnswer> KeysAsync(VoiceCall call, Turn turn, string keys, bool canTransfer, CancellationToken ct)
    {
        var state = call.State;
        if (keys == RepeatKey) return call.Entered is { } typed ? ReadBack(call, typed) : Speak(call);
        if (keys == AgentKey && !call.OfferingCallBack) return await ToAgentAsync(call, turn, canTransfer, ct);

        if (call.OfferingCallBack)
        {
            switch (keys)
            {
                case "1": return await CallBackAsync(call, turn, ct);
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
                    return await AfterAsync(call, turn, await Engine.HandleAsync(state, turn with { Input = entered }, ct), canTransfer, ct);
                case "2":
                    call.Entered = null;
                    return Speak(call);
                default: return ReadBack(call, entered, Content.Prompt(PromptKeys.ErrorChoice, Language(call)));
            }
        }

        if (Engine.IsAtInput(state))
        {
            if (keys.Length > MaxNumberDigits || !keys.All(char.IsAsciiDigit))
                return await AfterAsync(call, turn, Engine.Reject(turn, state, PromptKeys.ErrorNumber), canTransfer, ct);
            call.Entered = keys;
            return ReadBack(call, keys);
        }

        // A menu, read a page at a time.
        var options = Engine.Render(state).Options;
        var pages = PageCount(options.Count);
        if (keys == MoreKey && call.Page < pages - 1)
        {
            call.Page++;
            return Speak(call);
        }
        if (keys == BackKey && CanGoBack(state))
        {
            call.Page = 0;
            return await AfterAsync(call, turn, await Engine.HandleAsync(state, turn with { Input = DialogEngine.BackInput }, ct), canTransfer, ct);
        }
        if (keys.Length == 1 && keys[0] is >= '1' and <= '9')
        {
            var index = (pages > 1 ? call.Page * PageSize : 0) + (keys[0] - '1');
            var onPage = pages == 1 || keys[0] - '1' < PageSize;
            if (onPage && index < options.Count)
            {
                call.Page = 0;
                return await AfterAsync(call, turn, await Engine.HandleAsync(state, turn with { Input = options[index].Key }, ct), canTransfer, ct);
            }
        }
        return await AfterAsync(call, turn, Engine.Reject(turn, state, PromptKeys.ErrorChoice), canTransfer, ct);
    }

    /// <summary>What the engine answered, spoken; a caller the engine left stuck goes to Core's handoff policy instead.</summary>
    private async Task<VoiceAnswer> AfterAsync(VoiceCall call, Turn turn, Reply reply, bool canTransfer, CancellationToken ct) =>
        DialogEngine.IsStuck(call.State) ? await GiveUpAsync(call, turn, canTransfer, ct) : Speak(call, reply.Notice);

    /// <summary>Three prompts unanswered or wrong: Core decides (an agent in agents' hours, else goodbye).</summary>
    private async Task<VoiceAnswer> GiveUpAsync(VoiceCall call, Turn turn, bool canTransfer, CancellationToken ct) =>
        Handed(call, await conversations.GiveUpAsync(turn, call.State, canTransfer, ct));

    /// <summary>0: the caller and their context into the agents' queue, or the offer of a call back when nobody can answer.</summary>
    private async Task<VoiceAnswer> ToAgentAsync(VoiceCall call, Turn turn, bool canTransfer, CancellationToken ct) =>
        Handed(call, await conversations.ToAgentAsync(turn, call.State, canTransfer, ct));

    private VoiceAnswer Handed(VoiceCall call, Handover handover)
    {
        call.Entered = null;
        switch (handover.Kind)
        {
            case HandoverKind.Transfer:
                call.Ticket = handover.Ticket!.Reference;
                call.Transferred = true;
                return new VoiceAnswer(Language(call), [Spoken.Text(Prompt(VoicePrompts.Transfer, call, ("reference", call.Ticket)))], VoiceNext.Transfer,
                    Ticket: call.Ticket);
            case HandoverKind.OfferCallBack:
                call.OfferingCallBack = true;
                return Closed(call);
            default:
                return new VoiceAnswer(Language(call), [Prompt(VoicePrompts.Goodbye, call)], VoiceNext.Hangup);
        }
    }

    private async Task<VoiceAnswer> CallBackAsync(VoiceCall call, Turn turn, CancellationToken ct)
    {
        call.OfferingCallBack = false;
        var ticket = await conversations.CallBackAsync(turn, call.State, ct);
        call.Ticket = ticket.Reference;
        return new VoiceAnswer(Language(call),
            [Spoken.Text(Content.Prompt(PromptKeys.CallbackDone, Language(call), ("reference", ticket.Reference))), Prompt(VoicePrompts.Goodbye, call)],
            VoiceNext.Hangup, Ticket: ticket.Reference);
    }


    private VoiceAnswer Closed(VoiceCall call, string? notice = null) =>
        Gather(call, [.. Notice(notice), Prompt(VoicePrompts.Closed, call)]);

    private VoiceAnswer ReadBack(VoiceCall call, string digits, string? notice = null) =>
        Gather(call, [.. Notice(notice), Prompt(VoicePrompts.ReadBack, call, ("digits", Spoken.Characters(digits)))]);

    /// <summary>The current node (or an action's answer) read out, with its keys.</summary>
    private VoiceAnswer Speak(VoiceCall call, string? notice = null)
    {
        var state = call.State;
        var reply = Engine.Render(state);
        var language = Language(call);
        if (reply.Ends || state.Ended)
        {
            // The goodbye hangs up: the conversation ends with it.
            DialogEngine.End(state);
            return new VoiceAnswer(language, [.. Notice(notice), .. reply.Lines.Select(Spoken.Text), Prompt(VoicePrompts.Goodbye, call)], VoiceNext.Hangup);
        }
        if (state.Result is null && state.Node == MenuNodes.Language)
            return Gather(call, [.. Notice(notice), Content.Prompt(VoicePrompts.Language, Core.Content.Language.En)]);
        if (Engine.IsAtInput(state))
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
}
