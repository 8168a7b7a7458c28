using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Sms.Menus;

/// <summary>
/// The menus of content/menus.yaml by SMS: a numbered reply ("1", "0" Back, "00" Home) is a key press in
/// the one engine, "98" the next page of a long menu (<see cref="SmsMenuRenderer"/>), an option's words
/// pick it too. The engine's state lives in the SMS session (<see cref="SmsSession.Menu"/>). Text that is
/// none of these is left to the caller (a question for the FAQs): the menu never answers "invalid" to it.
/// </summary>
internal sealed class SmsMenus(DialogEngine engine, SmsMenuRenderer renderer, Conversations conversations)
{
    /// <summary>
    /// Opens the home menu, or a node the home menu leads to (a keyword's shortcut: SERVICES, QUESTIONS),
    /// by pressing its option as a citizen would: the engine keeps its own rules of where Back leads.
    /// </summary>
    public async Task<string> OpenAsync(SmsSession session, Turn turn, Language language, string node, CancellationToken ct)
    {
        var (state, reply) = engine.Start(language);
        if (node != MenuNodes.Home)
            reply = await engine.HandleAsync(state, turn with { Input = engine.Content.OptionKey(MenuNodes.Home, node) }, ct);
        session.Menu = state;
        MessageStatus.Forget(session);
        return Show(session, reply);
    }

    /// <summary>The open menu's answer to a message, or null when the message is not for the menu (free text).</summary>
    public async Task<string?> AnswerAsync(SmsSession session, Turn turn, CancellationToken ct)
    {
        var state = session.Menu ?? throw new InvalidOperationException("no menu is open");
        // The screen as last sent, notice and all, so its pages break where they did.
        var current = engine.Render(state, session.MenuNotice);
        var typed = (turn.Input ?? "").Trim();
        if (typed == SmsMenuRenderer.MoreInput && renderer.Pages(current) is { Count: > 1 } pages)
        {
            // Past the last page, the last page again: "98" is no choice on a paged screen.
            session.MenuPage = Math.Min(session.MenuPage + 1, pages.Count - 1);
            return pages[session.MenuPage];
        }

        var input = current.Options.FirstOrDefault(o => string.Equals(o.Label.Trim(), typed, StringComparison.OrdinalIgnoreCase))?.Key ?? typed;
        var forTheMenu = IsKey(input) || (engine.IsAtInput(state) && !InputKinds.IsFreeText(input));
        if (!forTheMenu) return null;

        var reply = await engine.HandleAsync(state, turn with { Input = input }, ct);
        session.Lang = state.Lang;
        if (DialogEngine.IsStuck(state))
        {
            // Wrong too often (the turn HandsOverWhenStuck): Core's handoff policy decides, as for a caller.
            // A message cannot be transferred, so the menu ends; by SMS the way on is a person (AGENT), as
            // for any repeated misunderstanding, never the screens' "dial again".
            await conversations.GiveUpAsync(turn, state, canTransfer: false, ct);
            session.Menu = null;
            return engine.Content.Prompt(PromptKeys.SmsOfferAgent, DialogEngine.LanguageOf(state));
        }
        if (state.Ended) session.Menu = null;
        return Show(session, reply);
    }

    /// <summary>The open menu again, under a notice (e.g. that a question was not understood).</summary>
    public string Again(SmsSession session, string notice) =>
        Show(session, engine.Render(session.Menu ?? throw new InvalidOperationException("no menu is open"), notice));

    /// <summary>"1", "12", "0", "00": digits a citizen reads off a menu.</summary>
    public static bool IsKey(string input) => input.Length is > 0 and <= 2 && input.All(char.IsAsciiDigit);

    private string Show(SmsSession session, Reply reply)
    {
        session.MenuPage = 0;
        session.MenuNotice = session.Menu is null ? null : reply.Notice;
        return renderer.Pages(reply)[0];
    }
}
