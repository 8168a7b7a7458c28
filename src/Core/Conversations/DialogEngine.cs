using System.Collections.Concurrent;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// Runs the one dialog (content/menus.yaml) for every channel: a menu node is a USSD screen, a spoken
/// "press 1 for…", chat buttons. Channels hand it a <see cref="Turn"/> and the stored
/// <see cref="ConversationState"/>; it updates the state and answers a <see cref="Reply"/>.
/// </summary>
public sealed class DialogEngine
{
    public const string BackInput = "0";
    public const string HomeInput = "00";
    public const int MaxWrongInputs = 3;

    private readonly ContentBundle _content;
    private readonly Dictionary<string, IDialogAction> _actions;
    private readonly PhoneProfiles _profiles;
    private readonly ConcurrentDictionary<ScreenKey, Reply> _screens = new();
    // The session variables each node's screen depends on (null: a screen built anew every time).
    private readonly Dictionary<string, string[]?> _screenChoices;

    /// <summary>
    /// Enough to tell two renderings of a node apart: its language, whether "0 Back" shows, the notice
    /// above it and the list choices it names (e.g. {documentType}, or the county whose centres it lists).
    /// </summary>
    private readonly record struct ScreenKey(string Node, Language Language, bool CanGoBack, string? Notice, string? Choices);

    // Screens are kept for every combination of these seen so far: a bounded set (content notices, list
    // choices), but a cap keeps a content mistake from growing it without end.
    private const int MaxKeptScreens = 10_000;
    private int _keptScreens;

    internal DialogEngine(ContentBundle content, IEnumerable<IDialogAction> actions, PhoneProfiles profiles)
    {
        _content = content;
        _actions = actions.ToDictionary(a => a.Name);
        _profiles = profiles;
        _screenChoices = content.NodeList.ToDictionary(n => n.Id, ScreenChoices);
    }

    public ContentBundle Content => _content;

    /// <summary>A new conversation: straight to the home menu when the phone's language is known.</summary>
    public async Task<(ConversationState State, Reply Reply)> StartAsync(Turn turn, CancellationToken ct = default) =>
        Start(turn.Msisdn is null ? null : await _profiles.GetLanguageAsync(turn.Msisdn, ct));

    /// <summary>A new conversation, for a channel that has read the phone's language itself (null: not known yet).</summary>
    public (ConversationState State, Reply Reply) Start(Language? language)
    {
        var state = new ConversationState
        {
            Lang = language?.Code(),
            Node = language is null ? MenuNodes.Language : MenuNodes.Home,
        };
        return (state, Render(state));
    }

    /// <summary>One turn: the citizen's input at the conversation's node, and the reply. A span "dialog turn" when traced.</summary>
    public Task<Reply> HandleAsync(ConversationState state, Turn turn, CancellationToken ct = default) =>
        HudumaActivity.Source.HasListeners() ? TracedTurnAsync(state, turn, ct) : TurnAsync(state, turn, ct);

    private async Task<Reply> TracedTurnAsync(ConversationState state, Turn turn, CancellationToken ct)
    {
        using var activity = HudumaActivity.StartTurn("dialog turn", turn.Channel);
        activity?.SetTag("huduma.dialog.from_node", state.Node);
        var reply = await TurnAsync(state, turn, ct);
        activity?.SetTag(HudumaActivity.NodeTag, state.Node);
        return reply;
    }

    private async Task<Reply> TurnAsync(ConversationState state, Turn turn, CancellationToken ct)
    {
        var input = (turn.Input ?? "").Trim();
        if (state.Ended) return Render(state);

        if (input == HomeInput)
        {
            GoHome(state);
            return Render(state);
        }
        if (input == BackInput && (state.Result is not null || state.Back.Count > 0))
        {
            GoBack(state);
            return Render(state);
        }

        if (state.Result is { } result)
        {
            var chosen = Choose(input, result.Options.Count);
            if (chosen is null) return Reject(turn, state, PromptKeys.ErrorChoice);
            state.Record($"{state.Node}>result:{chosen + 1}");
            state.Result = null;
            return MoveTo(state, result.Options[chosen.Value].Goto);
        }

        var node = _content.Nodes[state.Node];
        if (node.Options is { } options)
        {
            var chosen = Choose(input, options.Count);
            if (chosen is null) return Reject(turn, state, PromptKeys.ErrorChoice);
            var option = options[chosen.Value];
            state.Record($"{node.Id}:{chosen + 1}");
            return await TransitionAsync(state, turn, option.Goto, option.Action, option.Value, ct);
        }
        if (node.List is { } source)
        {
            var items = _content.ListItems(source, LanguageOf(state), state.Vars);
            var chosen = Choose(input, items.Count);
            if (chosen is null) return Reject(turn, state, PromptKeys.ErrorChoice);
            state.Vars[node.Save!] = items[chosen.Value].Id;
            state.Record($"{node.Id}:{items[chosen.Value].Id}");
            return await TransitionAsync(state, turn, node.Goto, node.Action, null, ct);
        }

        var document = _content.Document(state.Vars.GetValueOrDefault(SavedVariables.DocumentType));
        var (value, error) = InputKinds.Accept(node.Input!, input, document);
        if (value is null)
            return Reject(turn, state, error!, ("hint", document?.Hint?[LanguageOf(state)]));
        state.Vars[node.Save!] = value;
        state.Record($"{node.Id}:{Mask.Number(value)}");
        return await TransitionAsync(state, turn, node.Goto, node.Action, null, ct);
    }

    /// <summary>The path's step of a status question typed in words: "status-question:national_id" (<see cref="AskStatusAsync"/>).</summary>
    public const string StatusQuestionStep = "status-question";

    /// <summary>
    /// A status question typed in words (<see cref="StatusQuestion"/>): a shortcut into the menus, straight to
    /// the document-number input with the question's document chosen, answered with its number. The path
    /// records the question and the number, not menu taps the citizen never made; Back leads where it would
    /// had they tapped (the documents, then home).
    /// </summary>
    public Task<Reply> AskStatusAsync(ConversationState state, Turn turn, StatusQuestion question, CancellationToken ct = default)
    {
        // Asked before choosing a language: the conversation goes on in the one the question was written in.
        state.Lang ??= question.Language.Code();
        var documents = _content.Nodes[MenuNodes.StatusDocument];
        GoHome(state);
        state.Back.AddRange([MenuNodes.Home, documents.Id]);
        // Start-up checks that it lists documents, saves the choice and goes on to a document-number input (CodeNamedContent).
        state.Node = documents.Goto!;
        state.Vars[documents.Save!] = question.DocumentType;
        state.Record($"{StatusQuestionStep}:{question.DocumentType}");
        return HandleAsync(state, turn with { Input = question.Number }, ct);
    }

    /// <summary>True when the conversation waits for typed input (a number, a reference), not a choice.</summary>
    public bool IsAtInput(ConversationState state) => state.Result is null && _content.Nodes[state.Node].Input is not null;

    /// <summary>The current screen, e.g. to show it again after a dropped session or for another page.</summary>
    public Reply Render(ConversationState state, string? notice = null)
    {
        var language = LanguageOf(state);
        if (state.Result is { } result)
            return new Reply(result.Lines, result.Options.Select((o, i) => new ReplyOption(OptionKey(i), o.Label)).ToList(),
                language, result.Ends, CanGoBack: !result.Ends, notice);

        var node = _content.Nodes[state.Node];
        var canGoBack = state.Back.Count > 0;
        // Most screens read the same every time they are shown with the same notice and choices: built
        // once and shared (see Reply.Reusable), so a channel renders each once too.
        if (_screenChoices[node.Id] is not { } choices) return BuildScreen(node, language, canGoBack, state.Vars, notice);
        var key = new ScreenKey(node.Id, language, canGoBack, notice, Choices(choices, state.Vars));
        if (_screens.TryGetValue(key, out var screen)) return screen;
        screen = BuildScreen(node, language, canGoBack, state.Vars, notice);
        // Counted here rather than with _screens.Count, which takes every lock of the dictionary.
        if (Volatile.Read(ref _keptScreens) >= MaxKeptScreens) return screen;
        var kept = screen with { Reusable = true };
        if (!_screens.TryAdd(key, kept)) return _screens[key];
        Interlocked.Increment(ref _keptScreens);
        return kept;
    }

    /// <summary>
    /// The variables a node's screen depends on, when they are all choices from a list (display names,
    /// a finite set, never what a citizen typed); else null, and the screen is built on every hop.
    /// </summary>
    private string[]? ScreenChoices(MenuNode node)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in new[] { node.Text?.En, node.Text?.Sw })
            if (text is not null) names.UnionWith(TextTemplate.Placeholders(text));
        if (node.List is { } list && ContentBundle.ListDependsOnChoices(list)) names.UnionWith(ContentBundle.ListChoices(list));
        return names.All(n => _content.SourceOfVariable(n) is not null) ? [.. names] : null;
    }

    private static string? Choices(string[] names, IReadOnlyDictionary<string, string> vars) => names.Length switch
    {
        0 => null,
        1 => vars.GetValueOrDefault(names[0]) ?? "",
        _ => string.Join('\u001f', names.Select(n => vars.GetValueOrDefault(n) ?? "")),
    };

    private Reply BuildScreen(MenuNode node, Language language, bool canGoBack, IReadOnlyDictionary<string, string> vars, string? notice = null)
    {
        var text = node.Text?[language] ?? "";
        if (text.Contains('{')) text = TextTemplate.Fill(text, Placeholders(vars, language));
        IReadOnlyList<string> labels = node.Options is not null
            ? node.Options.Select(o => o.Label?[language] ?? "").ToList()
            : node.List is not null
                ? _content.ListItems(node.List, language, vars).Select(i => i.Label).ToList()
                : [];
        return new Reply([text], labels.Select((l, i) => new ReplyOption(OptionKey(i), l)).ToList(), language,
            Ends: false, CanGoBack: canGoBack, notice);
    }

    private static string OptionKey(int index) => index < OptionKeys.Length ? OptionKeys[index] : (index + 1).ToString();
    private static readonly string[] OptionKeys = [.. Enumerable.Range(1, 99).Select(n => n.ToString())];

    /// <summary>A wrong input: show the screen again with a short error, and end politely after three.</summary>
    public Reply Reject(ConversationState state, string promptKey, params (string, string?)[] values) =>
        RejectInput(state, false, promptKey, values);

    /// <summary>
    /// A wrong input in <paramref name="turn"/>: as <see cref="Reject(ConversationState, string, (string, string?)[])"/>,
    /// except that a turn which <see cref="Turn.HandsOverWhenStuck"/> is left <see cref="IsStuck"/> after the
    /// third, for Core's handoff policy (<see cref="Conversations.GiveUpAsync"/>) rather than ended.
    /// </summary>
    public Reply Reject(Turn turn, ConversationState state, string promptKey, params (string, string?)[] values) =>
        RejectInput(state, turn.HandsOverWhenStuck, promptKey, values);

    /// <summary>Wrong too often, in a conversation that hands its stuck citizens over instead of ending.</summary>
    public static bool IsStuck(ConversationState state) => !state.Ended && state.Wrong >= MaxWrongInputs;

    /// <summary>
    /// Ends the conversation where it stands, its screen kept: a channel that says goodbye after the answer
    /// shown (a call hangs up) ends it through the engine, not by writing the engine's state itself. A later
    /// turn shows that screen again and takes no input.
    /// </summary>
    public static void End(ConversationState state) => state.Ended = true;

    private Reply RejectInput(ConversationState state, bool handsOverWhenStuck, string promptKey, (string, string?)[] values)
    {
        state.Wrong++;
        var language = LanguageOf(state);
        if (state.Wrong >= MaxWrongInputs && !handsOverWhenStuck)
        {
            // Kept as the state's result, so the goodbye can be shown again from the state alone.
            state.Result = new ResultScreen { Lines = [_content.Prompt(PromptKeys.TooManyErrors, language)], Ends = true };
            state.Ended = true;
            return Render(state);
        }
        return Render(state, _content.Prompt(promptKey, language, values));
    }

    public static Language LanguageOf(ConversationState state) => Languages.Parse(state.Lang) ?? Language.En;

    private async Task<Reply> TransitionAsync(ConversationState state, Turn turn, string? target, string? actionName,
        string? argument, CancellationToken ct)
    {
        if (target is not null) return MoveTo(state, target);

        var action = _actions[actionName!];
        var outcome = await action.RunAsync(new ActionContext(turn, state, LanguageOf(state), argument), ct);
        state.Wrong = 0;
        switch (outcome)
        {
            case ActionOutcome.GoTo goTo:
                if (goTo.ClearBack) state.Back.Clear();
                // A node asking again (a retry) adds no step to go back through.
                else if (goTo.Node != state.Node) state.Back.Add(state.Node);
                state.Node = goTo.Node;
                state.Result = null;
                return Render(state, goTo.Notice);
            case ActionOutcome.Show show:
                state.Result = new ResultScreen { Lines = [.. show.Lines], Options = [.. show.Options ?? []], Ends = show.Ends };
                state.Ended = show.Ends;
                return Render(state);
            default:
                throw new InvalidOperationException($"action {actionName} returned {outcome}");
        }
    }

    private Reply MoveTo(ConversationState state, string target)
    {
        state.Wrong = 0;
        if (target == MenuNodes.Home) GoHome(state);
        else
        {
            state.Back.Add(state.Node);
            state.Node = target;
        }
        return Render(state);
    }

    private static void GoHome(ConversationState state)
    {
        state.Node = MenuNodes.Home;
        state.Back.Clear();
        state.Result = null;
        state.Wrong = 0;
    }

    private static void GoBack(ConversationState state)
    {
        state.Wrong = 0;
        if (state.Result is not null)
        {
            state.Result = null;
            return;
        }
        state.Node = state.Back[^1];
        state.Back.RemoveAt(state.Back.Count - 1);
    }

    /// <summary>The 0-based option a typed number picks, or null.</summary>
    private static int? Choose(string input, int count) =>
        int.TryParse(input, System.Globalization.NumberStyles.None, null, out var n) && n >= 1 && n <= count ? n - 1 : null;

    /// <summary>Session variables as they read in a text: ids become names ("national_id" → "National ID").</summary>
    private Dictionary<string, string?> Placeholders(IReadOnlyDictionary<string, string> vars, Language language) =>
        vars.ToDictionary(v => v.Key, string? (v) =>
            _content.SourceOfVariable(v.Key) is { } source ? _content.DisplayName(source, v.Value, language) ?? v.Value : v.Value);
}
