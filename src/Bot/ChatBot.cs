using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Bot;

/// <summary>
/// The chat channel's dialog: the same engine and content as USSD and SMS, with menus rendered as
/// suggested-action buttons. A button sends its option's number; typing the option's words works too.
/// The web is anonymous (no verified phone number), so a status answer needs the waiting-card reference.
/// </summary>
public sealed class ChatBot(DialogEngine engine, IStateStore store, DirectLineOptions options)
{
    private readonly FaqSearch _faqs = new(engine.Content);

    public const string Channel = "chat";
    public static readonly ChannelAccount Bot = new("huduma-1919", "Huduma 1919", "bot");

    private static string StateKey(string conversationId) => $"chat:{conversationId}";

    /// <summary>The bot's answer to a citizen's message.</summary>
    public async Task<Activity> AnswerAsync(string conversationId, Activity message, CancellationToken ct = default)
    {
        var key = StateKey(conversationId);
        var state = await store.GetAsync<ConversationState>(key, ct);
        Reply reply;
        if (state is null || state.Ended)
            (state, reply) = await engine.StartAsync(new Turn(Channel, conversationId, null, null), ct);
        else
        {
            var current = engine.Render(state);
            var input = InputFor(current, message.Text ?? "");
            // Free text at a menu is a question, not a wrong choice: answer it from the FAQs, or say so
            // plainly — and keep the menu, so the citizen is never stuck.
            var freeText = IsMenu(current) && !current.Options.Any(o => o.Key == input) && !IsNavigation(input);
            reply = !freeText ? await engine.HandleAsync(state, new Turn(Channel, conversationId, null, input), ct)
                : StatusQuestion.Find(engine.Content, input) is { } question ? await AskStatusAsync(state, conversationId, question, ct)
                : AnswerQuestion(current, input);
        }
        await store.SetAsync(key, state, options.ConversationLifetime, ct);
        return Render(conversationId, message, reply);
    }

    private static bool IsMenu(Reply reply) => reply.Options.Count > 0 && !reply.Ends;
    private static bool IsNavigation(string input) => input is DialogEngine.BackInput or DialogEngine.HomeInput;

    /// <summary>
    /// Walks the status menu for the citizen, as if they had tapped through it: language (the one they
    /// wrote in, if not yet chosen), home, document status, the document, the number. The lookup's
    /// privacy rule then applies as on every channel (here: the waiting-card reference).
    /// </summary>
    private async Task<Reply> AskStatusAsync(ConversationState state, string conversationId, StatusQuestion question, CancellationToken ct)
    {
        var content = engine.Content;
        Task<Reply> Say(string input) => engine.HandleAsync(state, new Turn(Channel, conversationId, null, input), ct);
        if (state.Lang is null && state.Node == ContentBundle.LanguageNode)
        {
            var languages = content.Nodes[ContentBundle.LanguageNode].Options ?? [];
            var index = languages.FindIndex(o => o.Value == question.Language.Code());
            if (index >= 0) await Say((index + 1).ToString());
        }
        await Say(DialogEngine.HomeInput);
        var statusOption = (content.Nodes[ContentBundle.HomeNode].Options ?? []).FindIndex(o => o.Goto == "status.type");
        await Say((statusOption + 1).ToString());
        var documents = content.ListItems("documents", DialogEngine.LanguageOf(state), state.Vars);
        var documentIndex = documents.ToList().FindIndex(d => d.Id == question.DocumentType);
        await Say((documentIndex + 1).ToString());
        return await Say(question.Number);
    }

    private Reply AnswerQuestion(Reply menu, string question)
    {
        var content = engine.Content;
        if (_faqs.Find(question) is not { } match)
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

    private static Activity Render(string conversationId, Activity to, Reply reply)
    {
        var lines = reply.Notice is null ? reply.Lines : [reply.Notice, .. reply.Lines];
        var actions = reply.Options.Select(o => new CardAction("imBack", o.Label, o.Key)).ToList();
        if (reply.CanGoBack && !reply.Ends)
            actions.Add(new CardAction("imBack", reply.Language == Language.Sw ? "Rudi" : "Back", DialogEngine.BackInput));
        return new Activity
        {
            Type = "message", ChannelId = "directline", From = Bot, Conversation = new ConversationAccount(conversationId),
            ReplyToId = to.Id, Text = string.Join("\n", lines), TextFormat = "plain",
            Locale = reply.Language == Language.Sw ? "sw-KE" : "en-KE",
            InputHint = reply.Ends ? "acceptingInput" : "expectingInput",
            SuggestedActions = actions.Count > 0 ? new SuggestedActions(actions) : null,
        };
    }
}
