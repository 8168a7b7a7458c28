using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Bot.Tests;

/// <summary>
/// The chats of <see cref="ChatTable"/>, written once and run for each way a chat arrives: the transport's
/// activity JSON goes to its endpoint handler (no host, no HTTP server), and the bot's answers are read
/// as the client gets them; the stored conversation and the escalation store are checked.
/// </summary>
public abstract class ChatContract : IDisposable
{
    private protected BotHarness H { get; } = new();
    private static readonly Core.Register.RegisteredDocument Ready = EngineHarness.ReadyId;

    /// <summary>A new conversation, as the transport starts one; its id on the transport.</summary>
    protected abstract Task<string> StartAsync();

    /// <summary>The id the bot keeps the conversation under (its state, its log).</summary>
    protected abstract string LocalId(string conversation);

    /// <summary>The citizen's message as the transport posts it (<paramref name="pageLanguage"/>: the page's data-lang); the bot's answers to it.</summary>
    protected abstract Task<IReadOnlyList<Activity>> SayAsync(string conversation, string text, string? pageLanguage = null);

    /// <summary>What the bot or an agent posted outside an answer (an agent's events) is read, so the next answer is the next thing read.</summary>
    protected virtual Task CatchUpAsync(string conversation) => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(ChatTable.Names), MemberType = typeof(ChatTable))]
    public async Task A_chat_is_answered_and_stored_as_the_table_says(string name)
    {
        var expected = ChatTable.Cases[name];
        var conversation = await StartAsync();
        IReadOnlyList<Activity> answers = [];
        for (var i = 0; i < expected.Messages.Length; i++)
            answers = await SayAsync(conversation, expected.Messages[i], i == 0 ? expected.PageLanguage : null);

        var reply = answers.Last(a => a.Type == "message");
        Assert.Equal("bot", reply.From?.Role);
        foreach (var words in expected.Says) Assert.Contains(words, reply.Text);
        foreach (var words in expected.NeverSays ?? []) Assert.DoesNotContain(words, reply.Text);
        if (expected.Locale is not null) Assert.Equal(expected.Locale, reply.Locale);
        var buttons = reply.SuggestedActions?.Actions.Select(a => a.Title).ToList() ?? [];
        foreach (var button in expected.Buttons ?? []) Assert.Contains(button, buttons);
        if (expected.Event is not null) Assert.Contains(answers, a => a.Type == "event" && a.Name == expected.Event);
        else Assert.DoesNotContain(answers, a => a.Type == "event");

        var state = await H.StateAsync(LocalId(conversation));
        Assert.NotNull(state);
        if (expected.Node is not null) Assert.Equal(expected.Node, state.Node);
        if (expected.Lang is not null) Assert.Equal(expected.Lang, state.Lang);
        var tickets = await H.Core.Escalations.ListOpenAsync();
        if (expected.Ticket is null) Assert.Empty(tickets);
        else
        {
            var ticket = Assert.Single(tickets);
            Assert.Equal((ChatBot.Channel, expected.Ticket, LocalId(conversation)), (ticket.Channel, ticket.Reason, ticket.ConversationId));
            // The agent reads what the citizen wrote before asking.
            Assert.Equal(expected.Messages, ticket.Transcript.Where(l => l.From == "citizen").Select(l => l.Text));
        }
        Assert.Equal(1, await H.ChatsStartedTodayAsync());
    }

    /// <summary>Sends each message in turn; the bot's last message to the last one.</summary>
    private async Task<Activity> LastReplyAsync(string conversation, params string[] messages)
    {
        IReadOnlyList<Activity> answers = [];
        foreach (var text in messages) answers = await SayAsync(conversation, text);
        return answers.Last(a => a.Type == "message");
    }

    [Fact]
    public async Task Three_wrong_numbers_end_in_chats_own_words_offering_to_start_again_or_a_person_who_is_then_handed_the_chat()
    {
        var content = H.Core.Content;
        var conversation = await StartAsync();
        var gaveUp = await LastReplyAsync(conversation, "hi", "English", "Document status", "National ID", "12", "12", "12");

        Assert.Contains(content.Prompt(PromptKeys.ChatTooMany, Language.En), gaveUp.Text);
        Assert.DoesNotContain(content.Prompt(PromptKeys.TooManyErrors, Language.En), gaveUp.Text); // USSD's "Please dial again"
        Assert.Equal([content.Prompt(PromptKeys.ChatStartAgain, Language.En), content.Prompt(PromptKeys.ChatAgentButton, Language.En)],
            gaveUp.SuggestedActions!.Actions.Select(a => a.Title));
        // Core's give-up (Conversations.GiveUpAsync) ended it: no agent unasked.
        Assert.True((await H.StateAsync(LocalId(conversation)))!.Ended);
        Assert.Empty(await H.Core.Escalations.ListOpenAsync());

        // The offered person: the button's text hands the chat over, though it starts the conversation again.
        var handedOver = await SayAsync(conversation, gaveUp.SuggestedActions.Actions[1].Value);
        Assert.Contains(handedOver, a => a.Type == "event" && a.Name == "handoff.initiate");
        var ticket = Assert.Single(await H.Core.Escalations.ListOpenAsync());
        Assert.Equal((ChatBot.Channel, LocalId(conversation)), (ticket.Channel, ticket.ConversationId));
    }

    [Fact]
    public async Task Start_again_after_the_give_up_starts_a_new_conversation()
    {
        var conversation = await StartAsync();
        var gaveUp = await LastReplyAsync(conversation, "hi", "English", "Document status", "National ID", "12", "12", "12");
        await SayAsync(conversation, gaveUp.SuggestedActions!.Actions[0].Value);
        var state = await H.StateAsync(LocalId(conversation));
        Assert.False(state!.Ended);
        Assert.Equal(MenuNodes.Language, state.Node);
        Assert.Equal(2, await H.ChatsStartedTodayAsync());
    }

    [Theory]
    [InlineData(new[] { "hi", "English" }, "en")]
    [InlineData(new[] { "hi" }, "sw")] // at the language menu: the question's language is the conversation's
    public async Task A_status_question_in_words_records_the_question_and_number_not_menu_taps_the_citizen_never_made(string[] before, string lang)
    {
        var conversation = await StartAsync();
        var question = lang == "en" ? $"status of my ID {Ready.Number}" : $"kitambulisho changu {Ready.Number} kiko tayari?";
        await LastReplyAsync(conversation, [.. before, question]);

        var state = (await H.StateAsync(LocalId(conversation)))!;
        Assert.Equal((MenuNodes.StatusReference, lang), (state.Node, state.Lang));
        var fromQuestion = state.Path.SkipWhile(step => step.StartsWith(MenuNodes.Language + ":", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{DialogEngine.StatusQuestionStep}:national_id", $"status.number:{Core.Privacy.Mask.Number(Ready.Number)}"], fromQuestion);
        Assert.Equal(before.Length > 1 ? 1 : 0, state.Path.Count - fromQuestion.Count); // "English" was a tap; the question's language none
        // Agents read it in words.
        Assert.Equal("status question: National ID", PathDescription.Describe(H.Core.Content, state.Path)[^2]);
        // Back goes where it would after the taps: the number, then the documents.
        await SayAsync(conversation, DialogEngine.BackInput);
        Assert.Equal("status.number", (await H.StateAsync(LocalId(conversation)))!.Node);
        await SayAsync(conversation, DialogEngine.BackInput);
        Assert.Equal(MenuNodes.StatusDocument, (await H.StateAsync(LocalId(conversation)))!.Node);
    }

    [Fact]
    public async Task A_chat_has_one_open_ticket_however_often_it_asks_and_a_new_one_after_going_back_to_the_bot()
    {
        var conversation = await StartAsync();
        await LastReplyAsync(conversation, "hi", "English", "talk to a person");
        var first = Assert.Single(await H.Core.Escalations.ListOpenAsync());
        // Asked again in the same conversation (another message, as after a lost answer): Core's key finds the open ticket.
        var state = (await H.StateAsync(LocalId(conversation)))!;
        var again = await H.Handoff.StartAsync(LocalId(conversation), state, new Activity { Id = "another-message", Text = "agent" }, Language.En, default);
        Assert.Contains(first.Reference, again.Last().Text);
        Assert.Equal([first.Reference], (await H.Core.Escalations.ListOpenAsync()).Select(t => t.Reference));

        // The citizen left it (resolved); asking again opens the next one, and only that one is open.
        Assert.True((await new EscalationDesk(H.Core.Escalations, H.Clock).WithdrawAsync(first.Reference)).Succeeded);
        await SayAsync(conversation, "talk to a person");
        var second = Assert.Single(await H.Core.Escalations.ListOpenAsync());
        Assert.NotEqual(first.Reference, second.Reference);
        Assert.Equal(EscalationStatus.Resolved, (await H.Core.Escalations.GetAsync(first.Reference))!.Status);
        Assert.Equal(LocalId(conversation), second.ConversationId);
    }

    [Fact]
    public async Task A_ticket_from_the_anonymous_web_names_the_document_asked_about_but_not_its_number()
    {
        var conversation = await StartAsync();
        await LastReplyAsync(conversation, "hi", "English", $"status of my ID {Ready.Number}", "talk to a person");
        var ticket = Assert.Single(await H.Core.Escalations.ListOpenAsync());
        Assert.Equal(("national_id", null), (ticket.DocumentType, ticket.DocumentNumber));
    }

    [Fact]
    public async Task The_rating_after_an_agent_closed_the_chat_is_taken_by_cores_rating_replies_once()
    {
        var conversation = await StartAsync();
        await LastReplyAsync(conversation, "hi", "English", "talk to a person");
        var open = Assert.Single(await H.Core.Escalations.ListOpenAsync());
        var desk = new EscalationDesk(H.Core.Escalations, H.Clock);
        Assert.True((await desk.ClaimAsync(open.Reference, "amina")).Succeeded);
        var resolved = (await desk.ResolveAsync(open.Reference, "amina", "answered")).Ticket!;
        // As the store announces it on the host (the harness's in-memory store announces nothing).
        await H.Handoff.OnChangedAsync(open with { Status = EscalationStatus.Claimed }, resolved, default);
        await CatchUpAsync(conversation);
        Assert.NotNull(await H.Core.Store.GetAsync<RatingReplies.Asked>(RatingReplies.Key(ChatBot.Channel, LocalId(conversation))));

        var thanks = await LastReplyAsync(conversation, "4");
        Assert.Contains(H.Core.Content.Prompt(PromptKeys.ChatRateThanks, Language.En), thanks.Text);
        Assert.Equal(4, (await H.Core.Escalations.GetAsync(open.Reference))!.Rating);
        Assert.Null(await H.Core.Store.GetAsync<RatingReplies.Asked>(RatingReplies.Key(ChatBot.Channel, LocalId(conversation))));
        // A digit after that is a menu choice: the first option, Document status.
        await SayAsync(conversation, "1");
        Assert.Equal(MenuNodes.StatusDocument, (await H.StateAsync(LocalId(conversation)))!.Node);
    }

    public void Dispose() => H.Dispose();
}
