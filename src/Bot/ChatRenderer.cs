using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Bot;

/// <summary>
/// Turns the engine's replies into chat activities: lines become the message text, options become
/// suggested-action buttons (imBack: a tap sends the option's number). In chat the home menu's
/// "request a call back" is a live handoff instead, so its button reads "Talk to an agent".
/// </summary>
internal sealed class ChatRenderer(ContentBundle content)
{
    public static readonly ChannelAccount Bot = new("huduma-1919", "Huduma 1919", "bot");

    /// <summary>The home menu option that, in chat, hands the citizen to an agent.</summary>
    public string HandoffOptionKey { get; } = content.OptionKey(MenuNodes.Home, MenuNodes.CallbackOffer);

    /// <summary>The engine's reply to a citizen in the state the dialog is now in.</summary>
    public Activity Message(string conversationId, string? replyToId, Reply reply, ConversationState? state, bool offerAgent = false)
    {
        var atHome = state is { Result: null, Node: MenuNodes.Home };
        var lines = reply.Notice is null ? reply.Lines : [reply.Notice, .. reply.Lines];
        var agent = content.Prompt(PromptKeys.ChatAgentButton, reply.Language);
        var actions = reply.Options
            .Select(o => new CardAction("imBack", atHome && o.Key == HandoffOptionKey ? agent : o.Label, o.Key)).ToList();
        if (reply.CanGoBack && !reply.Ends)
            actions.Add(new CardAction("imBack", StripNumber(content.Prompt(PromptKeys.NavBack, reply.Language)), DialogEngine.BackInput));
        if (offerAgent && !actions.Any(a => a.Title == agent)) actions.Add(new CardAction("imBack", agent, agent));
        return new Activity
        {
            Type = "message", ChannelId = Providers.DirectLine, From = Bot, Conversation = new ConversationAccount(conversationId),
            ReplyToId = replyToId, Text = string.Join("\n", lines), TextFormat = "plain", Locale = Locale(reply.Language),
            InputHint = reply.Ends ? "acceptingInput" : "expectingInput",
            SuggestedActions = actions.Count > 0 ? new SuggestedActions(actions) : null,
        };
    }

    /// <summary>
    /// Core gave up on a citizen wrong too often (<see cref="Conversations.GiveUpAsync"/>: the conversation
    /// ended): chat's own words, and the two ways on it offers, starting again (the next message starts a new
    /// conversation, whatever it says) or a person (a request for one is heard at any hour).
    /// </summary>
    public Activity GaveUp(string conversationId, string? replyToId, Language language)
    {
        var message = Text(conversationId, content.Prompt(PromptKeys.ChatTooMany, language), language);
        var agent = content.Prompt(PromptKeys.ChatAgentButton, language);
        message.ReplyToId = replyToId;
        message.SuggestedActions = new SuggestedActions(
        [
            new CardAction("imBack", content.Prompt(PromptKeys.ChatStartAgain, language), DialogEngine.HomeInput),
            new CardAction("imBack", agent, agent),
        ]);
        message.InputHint = "expectingInput";
        return message;
    }

    /// <summary>A plain message (from the bot, or from an agent speaking in the chat).</summary>
    public static Activity Text(string conversationId, string text, Language language, ChannelAccount? from = null) => new()
    {
        Type = "message", ChannelId = Providers.DirectLine, From = from ?? Bot, Conversation = new ConversationAccount(conversationId),
        Text = text, TextFormat = "plain", Locale = Locale(language),
    };

    public static string Locale(Language language) => language == Language.Sw ? "sw-KE" : "en-KE";

    // "0 Back" on a USSD screen is the "Back" button here.
    private static string StripNumber(string navigation) => navigation.TrimStart('0', ' ', '.', ':');
}
