using System.Text.Json;
using Huduma.Contact.Bot.Connector;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Bot.Handoff;

/// <summary>
/// A chat handed to a person, with the Bot Framework handoff protocol's semantics: the bot posts a
/// <c>handoff.initiate</c> event carrying the transcript and opens an escalation; as the agent claims and
/// resolves it, <c>handoff.status</c> events (accepted, completed) and a line for the citizen go into the
/// same conversation. Meanwhile the citizen's messages stay in the conversation for the agent, the agent's
/// replies and typing are posted into it, and the bot keeps quiet until the ticket is resolved.
/// </summary>
internal sealed class ChatHandoff(Conversations conversations, RatingReplies ratings, IConversationLog log,
    ContentBundle content, ConnectorChannel connector, IAgentNames names,
    TimeProvider clock, ILogger<ChatHandoff> logger) : IEscalationListener, IAgentChat
{
    /// <summary>The chat state's variable naming the ticket the conversation is handed to.</summary>
    public const string StateVar = "handoff";
    public const string Reason = "chat-handoff";
    private const int MaxTranscript = 60;

    /// <summary>
    /// Opens the escalation with the transcript so far, through Core's handoff (one open ticket per conversation:
    /// <see cref="Conversations.ToAgentInWritingAsync"/>), and answers with the event and the waiting message.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> StartAsync(string conversationId, ConversationState state, Activity trigger,
        Language language, CancellationToken ct)
    {
        var transcript = await TranscriptAsync(conversationId, ct);
        var ticket = await conversations.ToAgentInWritingAsync(new Turn(ChatBot.Channel, conversationId, null, trigger.Text), state,
            language, Reason, Lines(transcript, clock.GetUtcNow()), ct);
        state.Vars[StateVar] = ticket.Reference;

        var initiate = Event(conversationId, "handoff.initiate",
            new { reference = ticket.Reference, reason = Reason, skill = "agents", language = language.Code() }, language);
        // The protocol's transcript attachment: the activities as the client saw them.
        initiate.Attachments = [new Attachment("application/json", "Transcript", JsonSerializer.SerializeToElement(new { activities = transcript }, DirectLineJson.Options))];
        initiate.ReplyToId = trigger.Id;
        var waiting = ChatRenderer.Text(conversationId, content.Prompt(PromptKeys.ChatHandoffWaiting, language, ("reference", ticket.Reference)), language);
        waiting.ReplyToId = trigger.Id;
        return [initiate, waiting];
    }

    /// <summary>An agent's message, into the citizen's chat.</summary>
    public async Task<string> PostFromAgentAsync(Escalation ticket, string agent, string text, CancellationToken ct)
    {
        var message = ChatRenderer.Text(ticket.ConversationId!, text, LanguageOf(ticket), await AgentAsync(agent, ct));
        return await AppendAsync(ticket.ConversationId!, [message], ct);
    }

    /// <summary>The agent is typing: Web Chat shows it as it does for the bot.</summary>
    public async Task TypingFromAgentAsync(Escalation ticket, string agent, CancellationToken ct) =>
        await AppendAsync(ticket.ConversationId!, [new Activity { Type = "typing", ChannelId = Providers.DirectLine, From = await AgentAsync(agent, ct), Conversation = new ConversationAccount(ticket.ConversationId) }], ct);

    /// <summary>What was said in the conversation since the ticket was opened (the agent's view), and whether the citizen is typing.</summary>
    public async Task<(IReadOnlyList<TranscriptLine> Messages, bool CitizenTyping)> SinceAsync(Escalation ticket, CancellationToken ct)
    {
        var activities = (await log.ReadAsync(ticket.ConversationId!, 0, ct)).Activities;
        // Read from the whole log, so a tap just after the handoff still finds the buttons it answered.
        var messages = Lines(activities.Where(a => a.Type == "message"), clock.GetUtcNow()).Where(l => l.At >= ticket.CreatedAt).ToList();
        var last = activities.LastOrDefault(a => a.From?.Role == "user");
        var typing = last is { Type: "typing", Timestamp: { } at } && clock.GetUtcNow() - at < TimeSpan.FromSeconds(10);
        return (messages, typing);
    }

    private async Task<bool> AskRatingAsync(string conversationId, string reference, CancellationToken ct)
    {
        try
        {
            await ratings.AskAsync(ChatBot.Channel, conversationId, reference, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the rating question of escalation {Reference}; the chat is told it closed without it", reference);
            return false;
        }
    }

    public async Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct)
    {
        if (after.Channel != ChatBot.Channel || after.ConversationId is not { } conversationId) return;
        var language = LanguageOf(after);
        try
        {
            switch (before?.Status, after.Status)
            {
                case (EscalationStatus.Open, EscalationStatus.Claimed):
                    await AppendAsync(conversationId,
                    [
                        Event(conversationId, "handoff.status", new { state = "accepted", reference = after.Reference }, language),
                        await JoinedAsync(conversationId, after.Agent!, language, ct),
                    ], ct);
                    break;
                case (EscalationStatus.Claimed, EscalationStatus.Claimed) when before!.Agent != after.Agent:
                    // Transferred: the new agent introduces themselves as the first did.
                    await AppendAsync(conversationId, [await JoinedAsync(conversationId, after.Agent!, language, ct)], ct);
                    break;
                case (EscalationStatus.Claimed, EscalationStatus.Open):
                    await AppendAsync(conversationId, [ChatRenderer.Text(conversationId, content.Prompt(PromptKeys.ChatHandoffRequeued, language), language)], ct);
                    break;
                case (not null, EscalationStatus.Resolved) when after.Resolution != EscalationDesk.CitizenLeft:
                    // The citizen's next message may be the rating (RatingReplies, as SMS asks it; by the conversation, which has no phone).
                    // Asked only if it was recorded, but the citizen is told the chat closed either way.
                    var asked = await AskRatingAsync(conversationId, after.Reference, ct);
                    var completed = Event(conversationId, "handoff.status", new { state = "completed", reference = after.Reference }, language);
                    await AppendAsync(conversationId, asked ? [completed, RateTheHelp(conversationId, language)] : [completed], ct);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ticket changed all the same; the citizen sees the agent's next message, or the bot at their next one.
            logger.LogWarning(e, "Could not tell chat conversation about escalation {Reference} ({Status})", after.Reference, after.Status);
        }
    }

    /// <summary>
    /// "The agent has closed this chat": the rating question with buttons 1 to 5 and "Skip" (which goes
    /// home). Only those: the menu's own numbers would read as a rating.
    /// </summary>
    private Activity RateTheHelp(string conversationId, Language language)
    {
        var message = ChatRenderer.Text(conversationId, content.Prompt(PromptKeys.ChatHandoffCompleted, language), language);
        message.SuggestedActions = new SuggestedActions(
        [
            .. Enumerable.Range(1, 5).Select(n => new CardAction("imBack", n.ToString(), n.ToString())),
            new CardAction("imBack", content.Prompt(PromptKeys.ChatRateSkip, language), DialogEngine.HomeInput),
        ]);
        message.InputHint = "expectingInput";
        return message;
    }

    private async Task<IReadOnlyList<Activity>> TranscriptAsync(string conversationId, CancellationToken ct)
    {
        var activities = (await log.ReadAsync(conversationId, 0, ct)).Activities;
        return activities.Where(a => a.Type == "message").TakeLast(MaxTranscript).ToList();
    }

    private async Task<string> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        foreach (var activity in activities) activity.Timestamp = clock.GetUtcNow();
        var id = (await log.AppendAsync(conversationId, activities, wake: true, ct))[^1];
        await connector.DeliverAsync(conversationId, activities, null, ct); // a conversation from a Bot Framework channel
        return id;
    }

    private static Activity Event(string conversationId, string name, object value, Language language) => new()
    {
        Type = "event", Name = name, ChannelId = Providers.DirectLine, From = ChatRenderer.Bot, Conversation = new ConversationAccount(conversationId),
        Value = JsonSerializer.SerializeToElement(value, DirectLineJson.Options), Locale = ChatRenderer.Locale(language),
    };

    /// <summary>"Wanjiru Kamau from Huduma 1919 has joined the chat.", from the agent: their display name, said once.</summary>
    private async Task<Activity> JoinedAsync(string conversationId, string agent, Language language, CancellationToken ct)
    {
        var from = await AgentAsync(agent, ct);
        return ChatRenderer.Text(conversationId, content.Prompt(PromptKeys.ChatHandoffAccepted, language, ("agent", from.Name)), language, from);
    }

    /// <summary>Agents speak in the bot's seat (role "bot"), under their display name; the id keeps the sign-in name.</summary>
    private async Task<ChannelAccount> AgentAsync(string agent, CancellationToken ct) =>
        new($"agent:{agent}", await names.DisplayNameAsync(agent, ct), "bot");

    /// <summary>
    /// Messages as the agent reads them: who said each (an agent by display name) and, for a button the citizen
    /// tapped, its title as the citizen saw it ("English"), not the number the tap sent ("1").
    /// </summary>
    private static List<TranscriptLine> Lines(IEnumerable<Activity> messages, DateTimeOffset now)
    {
        var lines = new List<TranscriptLine>();
        IReadOnlyList<CardAction>? buttons = null;
        foreach (var a in messages)
        {
            var from = Speaker(a);
            var text = a.Text ?? "";
            if (from == "citizen")
            {
                if (buttons?.FirstOrDefault(b => b.Value == text.Trim()) is { } tapped && !string.IsNullOrEmpty(tapped.Title)) text = tapped.Title;
                buttons = null;
            }
            else buttons = a.SuggestedActions?.Actions;
            lines.Add(new TranscriptLine(a.Timestamp ?? now, from, text, from == "agent" ? a.From?.Name : null));
        }
        return lines;
    }

    private static string Speaker(Activity a) =>
        a.From?.Role == "user" ? "citizen" : a.From?.Id?.StartsWith("agent:", StringComparison.Ordinal) == true ? "agent" : "bot";

    private static Language LanguageOf(Escalation ticket) => Languages.Parse(ticket.Language) ?? Language.En;
}
