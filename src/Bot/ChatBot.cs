using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Bot.Handoff;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Bot;

/// <summary>
/// The chat channel's dialog: the same engine and content as USSD and SMS, with menus rendered as
/// suggested-action buttons. A button sends its option's number; typing the option's words works too.
/// The web is anonymous (no verified phone number), so a status answer needs the waiting-card reference.
/// Free text is answered from the FAQs at a menu, and at a number or reference prompt too when it is
/// clearly not one (<see cref="InputKinds.IsFreeText"/>): the citizen is never held at a prompt.
/// "Agent" (or "talk to a person", "ongea na mtu") hands the chat to a person (<see cref="ChatHandoff"/>);
/// until the agent resolves it, the bot stays quiet and the citizen's messages are the agent's to answer.
/// </summary>
internal sealed class ChatBot(Conversations conversations, DirectLineOptions options, ChatRenderer renderer,
    ChatHandoff handoff, IEscalationStore escalations, EscalationDesk desk, RatingReplies ratings, ConversationLocks locks, IConversationLog log,
    TimeProvider clock)
{
    private readonly DialogEngine _engine = conversations.Engine;
    private readonly FaqSearch _faqs = new(conversations.Engine.Content);
    /// <summary>A chat is kept for the conversation's window after its last message; a turn to an ended one starts it again.</summary>
    private readonly ConversationPolicy _policy = new(Channel, "chat turn", options.ConversationLifetime) { RestartsWhenEnded = true };

    public const string Channel = ChannelNames.Chat;

    /// <summary>Where a chat's conversation is stored: huduma:chat:{id} (<see cref="Conversations.Key"/>).</summary>
    public static string StateKey(string conversationId) => Conversations.Key(Channel, conversationId);

    /// <summary>
    /// Answers a citizen's message (already in the conversation's log): the answers — none while an agent
    /// has the conversation — are appended to the log, waking its streams, and returned. One turn at a time
    /// per conversation; the state and the answers go out together (<see cref="Message.SaveWithAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<Activity>> AnswerAsync(string conversationId, Activity message, CancellationToken ct = default)
    {
        using var turn = await locks.LockAsync(conversationId, ct);
        // Wrong three times in a row is left stuck for Core's handoff policy (Conversations.GiveUpAsync),
        // not ended with the engine's USSD goodbye ("dial again").
        return await conversations.HandleAsync(new Message(this, conversationId, message),
            new Turn(Channel, conversationId, null, message.Text ?? "") { HandsOverWhenStuck = true }, conversationId, ct: ct);
    }

    /// <summary>One message as Core calls back for it: what chat adds to the engine (free text, handoff to a live agent, buttons).</summary>
    private sealed class Message(ChatBot bot, string conversationId, Activity message) : IConversationChannel<ConversationState, IReadOnlyList<Activity>>
    {
        public ConversationPolicy Policy => bot._policy;
        public Language? ChosenLanguage => PageLanguage(message);
        // Chat keeps nothing beside the conversation: its session is the state.
        public ConversationState Create(Turn turn, ConversationState state) => state;
        public string InputOf(ConversationState state, Turn turn) => turn.Input ?? "";

        public bool TryRepeat(ConversationState state, Turn turn, out IReadOnlyList<Activity> answer)
        {
            answer = [];
            return false;
        }

        /// <summary>
        /// The first screen; but a first message asking for a person is handed over (after a give-up, the
        /// "Talk to an agent" it offered starts a new conversation).
        /// </summary>
        public async ValueTask<IReadOnlyList<Activity>> BeginAsync(ConversationState state, Turn turn, Reply reply, CancellationToken ct) =>
            HandoffRequest.Asked(bot._engine.Content, message.Text ?? "") is { } askedIn
                ? Stamped(await bot.Handoff.StartAsync(conversationId, state, message, Languages.Parse(state.Lang) ?? askedIn, ct))
                : Render(state, turn, reply);

        public async ValueTask<IReadOnlyList<Activity>> ContinueAsync(ConversationState state, Turn turn, CancellationToken ct) =>
            Stamped(await bot.AnswerInConversationAsync(conversationId, state, turn, message, ct));

        public IReadOnlyList<Activity> Render(ConversationState state, Turn turn, Reply reply) =>
            Stamped([bot.RenderMessage(conversationId, message.Id, reply, state)]);

        // The state and the answers go out together (one write to Redis, applied in order): whoever sees
        // the answers and writes again, to any host, meets this state.
        public Task SaveWithAsync(ConversationState state, IReadOnlyList<Activity> answers, CancellationToken ct) =>
            bot.AppendToLogAsync(conversationId, answers, ct);

        private IReadOnlyList<Activity> Stamped(IReadOnlyList<Activity> answers)
        {
            foreach (var answer in answers) answer.Timestamp = bot.Now;
            return answers;
        }
    }

    private Activity RenderMessage(string conversationId, string? replyToId, Reply reply, ConversationState state) =>
        renderer.Message(conversationId, replyToId, reply, state);
    private Task AppendToLogAsync(string conversationId, IReadOnlyList<Activity> answers, CancellationToken ct) =>
        log.AppendAsync(conversationId, answers, wake: true, ct);
    private DateTimeOffset Now => clock.GetUtcNow();
    private ChatHandoff Handoff => handoff;

    private async Task<IReadOnlyList<Activity>> AnswerInConversationAsync(string conversationId, ConversationState state, Turn turn, Activity message,
        CancellationToken ct)
    {
        var text = message.Text ?? "";
        if (state.Vars.TryGetValue(ChatHandoff.StateVar, out var reference) && await WithAgentAsync(state, reference, message, ct) is { } routed)
            return routed;
        if (HandoffRequest.Asked(_engine.Content, text) is { } askedIn)
            return await handoff.StartAsync(conversationId, state, message, Languages.Parse(state.Lang) ?? askedIn, ct);

        var current = _engine.Render(state);
        var input = InputFor(current, text);
        // At a prompt for a number or reference, text that is clearly neither (InputKinds.IsFreeText) is a
        // question; after an answer with nothing to choose, any text is. Either way: leave for the home
        // menu and answer it there, rather than "Invalid reference" or "Invalid choice".
        var atPrompt = _engine.IsAtInput(state);
        var atAnswer = state.Result is { Options.Count: 0 } && !current.Ends;
        if (!IsNavigation(input) && ((atPrompt && InputKinds.IsFreeText(input)) || atAnswer))
            current = await _engine.HandleAsync(state, turn with { Input = DialogEngine.HomeInput }, ct);
        // In chat the home menu's call-back option is a live agent.
        if (state.Node == MenuNodes.Home && input == renderer.HandoffOptionKey && state.Result is null)
            return await handoff.StartAsync(conversationId, state, message, DialogEngine.LanguageOf(state), ct);

        // Free text at a menu is a question, not a wrong choice: answer it from the FAQs, or say so
        // plainly, offering a person — and keep the menu, so the citizen is never stuck.
        var freeText = IsMenu(current) && !current.Options.Any(o => o.Key == input) && !IsNavigation(input);
        var offerAgent = false;
        var reply = !freeText ? await _engine.HandleAsync(state, turn with { Input = input }, ct)
            : StatusQuestion.Find(_engine.Content, input) is { } question ? await _engine.AskStatusAsync(state, turn, question, ct)
            : AnswerQuestion(current, input, out offerAgent);
        if (DialogEngine.IsStuck(state)) return await GiveUpAsync(conversationId, state, turn, message, ct);
        return [renderer.Message(conversationId, message.Id, reply, state, offerAgent)];
    }

    /// <summary>
    /// Wrong three times in a row: Core's handoff policy decides, as for a caller. Chat asks for no transfer
    /// (a person joins a chat when the citizen asks, at any hour: ChatHandoff), so Core ends the conversation,
    /// and chat says so in its own words, offering to start again or a person.
    /// </summary>
    private async Task<IReadOnlyList<Activity>> GiveUpAsync(string conversationId, ConversationState state, Turn turn, Activity message, CancellationToken ct)
    {
        var handover = await conversations.GiveUpAsync(turn, state, canTransfer: false, ct);
        if (handover.Kind != HandoverKind.Goodbye)
            throw new InvalidOperationException($"Core offered chat a {handover.Kind} it did not ask for");
        return [renderer.GaveUp(conversationId, message.Id, DialogEngine.LanguageOf(state))];
    }

    /// <summary>
    /// The conversation was handed to an agent: null when that is over (the bot answers again), else what
    /// to answer (nothing: the message is the agent's; or, when the citizen gives up waiting, the menu).
    /// </summary>
    private async Task<IReadOnlyList<Activity>?> WithAgentAsync(ConversationState state, string reference, Activity message, CancellationToken ct)
    {
        var text = message.Text ?? "";
        var ticket = await escalations.GetAsync(reference, ct);
        if (ticket is null or { Status: EscalationStatus.Resolved })
        {
            state.Vars.Remove(ChatHandoff.StateVar);
            // The first answer after an agent closed the chat may be the rating it asked for (ChatHandoff asked
            // Core's RatingReplies to expect it); any later digit is a menu choice again.
            if (ticket is not null && await ratings.TryRateAsync(Channel, ticket.ConversationId!, text, ct))
            {
                var menu = _engine.Render(state);
                var thanks = _engine.Content.Prompt(PromptKeys.ChatRateThanks, DialogEngine.LanguageOf(state));
                return [renderer.Message(ticket.ConversationId!, message.Id, menu with { Lines = [thanks, .. menu.Lines], Notice = null }, state)];
            }
            return null;
        }
        if (ticket.Status == EscalationStatus.Open && HandoffRequest.WantsTheBotBack(text)
            && (await desk.WithdrawAsync(reference, ct)).Succeeded)
        {
            state.Vars.Remove(ChatHandoff.StateVar);
            var menu = _engine.Render(state);
            var language = DialogEngine.LanguageOf(state);
            var notice = _engine.Content.Prompt(PromptKeys.ChatHandoffWithdrawn, language, ("reference", reference));
            return [renderer.Message(ticket.ConversationId!, message.Id, menu with { Lines = [notice, .. menu.Lines], Notice = null }, state)];
        }
        return [];
    }

    /// <summary>
    /// The language the embedding page chose (our widget's data-lang, sent as channelData.lang): the bot starts
    /// in it instead of asking. Not the activity's locale: Web Chat and Teams always send the browser's, which
    /// is no choice of the citizen's.
    /// </summary>
    private static Language? PageLanguage(Activity message) =>
        message.ChannelData is { ValueKind: System.Text.Json.JsonValueKind.Object } data && data.TryGetProperty("lang", out var lang)
        && lang.ValueKind == System.Text.Json.JsonValueKind.String ? Languages.Parse(lang.GetString()) : null;

    private static bool IsMenu(Reply reply) => reply.Options.Count > 0 && !reply.Ends;
    private static bool IsNavigation(string input) => input is DialogEngine.BackInput or DialogEngine.HomeInput;

    private Reply AnswerQuestion(Reply menu, string question, out bool offerAgent)
    {
        var content = _engine.Content;
        // Below the search's threshold the bot does not guess: it says so and offers the menu and a person.
        var found = _faqs.Find(question);
        offerAgent = found is null;
        if (found is not { } match)
            return menu with { Lines = [content.Prompt(PromptKeys.ChatNotUnderstood, menu.Language), .. menu.Lines], Notice = null };
        // Answered in the language the question was asked in.
        var lines = new List<string> { match.Faq.Answer?[match.Language] ?? "" };
        if (!match.Faq.Verified) lines.Add(content.Prompt(PromptKeys.Unconfirmed, match.Language));
        return menu with { Lines = lines, Notice = null };
    }

    /// <summary>A button's number as it is; otherwise the option whose words were typed; otherwise the text (a document number, a reference).</summary>
    public static string InputFor(Reply current, string text)
    {
        var typed = text.Trim();
        var match = current.Options.FirstOrDefault(o => o.Key == typed)
                    ?? current.Options.FirstOrDefault(o => string.Equals(o.Label.Trim(), typed, StringComparison.OrdinalIgnoreCase));
        return match?.Key ?? typed;
    }
}
