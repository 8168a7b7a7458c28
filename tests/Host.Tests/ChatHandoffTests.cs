using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>A chat handed to a person and back, over Direct Line and the agents' API, against real Redis.</summary>
public sealed class ChatHandoffTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly string[] AgentNames = ["Amina", "Otieno", "Wanjiru"];
    private HudumaHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new HudumaHost(new Dictionary<string, string?>(AgentKeys.Settings(":", AgentNames).Select(s => KeyValuePair.Create(s.Key, s.Value)))
        {
            ["Redis:ConnectionString"] = redis.ConnectionString,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private sealed record Started(string ConversationId, string Token);

    private async Task<(HttpClient Client, string Conversation)> ChatAsync(params string[] messages)
    {
        var client = _host.CreateClient();
        var started = await (await client.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<Started>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started!.Token);
        foreach (var text in messages) await SayAsync(client, started.ConversationId, text);
        return (client, started.ConversationId);
    }

    private static async Task SayAsync(HttpClient client, string conversation, string text, string type = "message")
    {
        var response = await client.PostAsJsonAsync($"/v3/directline/conversations/{conversation}/activities",
            new { type, from = new { id = "citizen" }, text });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<IReadOnlyList<Activity>> ActivitiesAsync(HttpClient client, string conversation) =>
        (await client.GetFromJsonAsync<ActivitySet>($"/v3/directline/conversations/{conversation}/activities", DirectLineJson.Options))!.Activities;

    /// <summary>A client with Amina's key, unless another is given.</summary>
    private HttpClient Agents(string? key = null)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add(AgentKeyFilter.Header, key ?? AgentKeys.For("Amina"));
        return client;
    }

    /// <summary>Acts as the agent the body names, with that agent's own key.</summary>
    private static Task<HttpResponseMessage> ActAsync(HttpClient agents, string reference, string verb, object body) =>
        agents.PostAsNamedAgentAsync($"/api/agents/escalations/{reference}/{verb}", body);

    [Fact]
    public async Task A_handoff_goes_to_an_agent_with_the_transcript_and_comes_back_to_the_bot_when_resolved()
    {
        var (chat, conversation) = await ChatAsync("hi", "English", "what documents do I need for a birth certificate?", "I want to talk to a person");
        var activities = await ActivitiesAsync(chat, conversation);
        var initiate = Assert.Single(activities, a => a is { Type: "event", Name: "handoff.initiate" });
        var reference = initiate.Value!.Value.GetProperty("reference").GetString()!;
        var transcript = Assert.Single(initiate.Attachments!, a => a.Name == "Transcript").Content!.Value.GetProperty("activities");
        Assert.Contains(transcript.EnumerateArray(), a => a.GetProperty("text").GetString() == "what documents do I need for a birth certificate?");
        Assert.Contains(reference, activities[^1].Text);

        // The ticket waits in the agents' queue with what the citizen already said.
        var agents = Agents();
        var waiting = await agents.GetFromJsonAsync<List<EscalationView>>("/api/agents/escalations");
        var ticket = Assert.Single(waiting!, t => t.Reference == reference);
        Assert.Equal(("chat", "en", EscalationStatus.Open), (ticket.Channel, ticket.Language, ticket.Status));
        Assert.Contains(ticket.Transcript, l => l.From == "citizen" && l.Text.Contains("birth certificate"));
        Assert.Contains(ticket.Transcript, l => l.From == "bot");

        // While waiting, the citizen's messages are for the agent: the bot keeps quiet.
        var before = (await ActivitiesAsync(chat, conversation)).Count;
        await SayAsync(chat, conversation, "my baby was born in Kisumu");
        Assert.Equal(before + 1, (await ActivitiesAsync(chat, conversation)).Count);

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agents, reference, "claim", new { agent = "Amina" })).StatusCode);
        var afterClaim = await ActivitiesAsync(chat, conversation);
        Assert.Contains(afterClaim, a => a.Name == "handoff.status" && a.Value!.Value.GetProperty("state").GetString() == "accepted");
        Assert.Contains(afterClaim, a => a.Text == "Amina from Huduma 1919 has joined the chat." && a.From!.Name == "Amina");

        // Typing both ways, then the agent's reply in the chat.
        await SayAsync(chat, conversation, "", "typing");
        var detail = await agents.GetFromJsonAsync<EscalationDetail>($"/api/agents/escalations/{reference}");
        Assert.True(detail!.CitizenTyping);
        Assert.Contains(detail.Messages, m => m.From == "citizen" && m.Text == "my baby was born in Kisumu");
        Assert.Equal(HttpStatusCode.NoContent, (await ActAsync(agents, reference, "typing", new { agent = "Amina" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agents, reference, "reply", new { agent = "Amina", text = "Bring the birth notification." })).StatusCode);
        var withReply = await ActivitiesAsync(chat, conversation);
        Assert.Equal("typing", withReply[^2].Type);
        Assert.Equal(("Bring the birth notification.", "agent:Amina", "bot"), (withReply[^1].Text, withReply[^1].From!.Id, withReply[^1].From!.Role));

        await SayAsync(chat, conversation, "thank you");
        Assert.Equal(withReply.Count + 1, (await ActivitiesAsync(chat, conversation)).Count); // still the agent's

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agents, reference, "resolve", new { agent = "Amina", category = "requirements" })).StatusCode);
        var afterResolve = await ActivitiesAsync(chat, conversation);
        Assert.Contains(afterResolve, a => a.Name == "handoff.status" && a.Value!.Value.GetProperty("state").GetString() == "completed");
        Assert.StartsWith("The agent has closed this chat.", afterResolve[^1].Text);
        Assert.Equal(["1", "2", "3", "4", "5", "Skip"], afterResolve[^1].SuggestedActions!.Actions.Select(a => a.Title));

        // The citizen rates the help; the bot thanks them, and answers again.
        await SayAsync(chat, conversation, "4");
        Assert.StartsWith("Thank you for your rating.", (await ActivitiesAsync(chat, conversation))[^1].Text);
        await SayAsync(chat, conversation, "1");
        Assert.Contains("Which document?", (await ActivitiesAsync(chat, conversation))[^1].Text);
        var resolved = await _host.Services.GetRequiredService<IEscalationStore>().GetAsync(reference);
        Assert.Equal((EscalationStatus.Resolved, "requirements", "Amina", 4), (resolved!.Status, resolved.Resolution, resolved.Agent, resolved.Rating));
    }

    [Fact]
    public async Task Kiswahili_asks_for_a_person_and_a_waiting_citizen_can_go_back_to_the_bot()
    {
        var (chat, conversation) = await ChatAsync("habari", "2", "nataka kuongea na mtu");
        var waiting = (await ActivitiesAsync(chat, conversation))[^1];
        Assert.StartsWith("Tunakuunganisha na wakala", waiting.Text);
        Assert.Equal("sw-KE", waiting.Locale);
        var reference = System.Text.RegularExpressions.Regex.Match(waiting.Text!, "HK[0-9]{6}").Value;

        await SayAsync(chat, conversation, "menyu");
        var back = (await ActivitiesAsync(chat, conversation))[^1];
        Assert.StartsWith($"Umerudi kwa roboti: ombi {reference} limeghairiwa.", back.Text);
        Assert.Contains(back.SuggestedActions!.Actions, a => a.Title == "Ongea na wakala");
        var ticket = await _host.Services.GetRequiredService<IEscalationStore>().GetAsync(reference);
        Assert.Equal((EscalationStatus.Resolved, EscalationDesk.CitizenLeft), (ticket!.Status, ticket.Resolution));
        // An agent arriving late finds it gone.
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(Agents(), reference, "claim", new { agent = "Otieno" })).StatusCode);

        // The home menu's button is a handoff too.
        await SayAsync(chat, conversation, "Ongea na wakala");
        Assert.Contains(await ActivitiesAsync(chat, conversation), a => a.Name == "handoff.initiate" && a.Value!.Value.GetProperty("reference").GetString() != reference);
    }

    [Fact]
    public async Task The_agents_api_needs_its_key_an_agent_and_the_claim_and_refuses_bad_bodies()
    {
        var (chat, conversation) = await ChatAsync("hi", "1", "agent");
        var reference = (await Agents().GetFromJsonAsync<List<EscalationView>>("/api/agents/escalations"))!
            .Single(t => t.Transcript.Any(l => l.Text == "agent") && t.Status == "open").Reference;

        Assert.Equal(HttpStatusCode.Unauthorized, (await Agents("wrong").GetAsync("/api/agents/escalations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.CreateClient().GetAsync("/api/agents/escalations")).StatusCode);
        var agents = Agents();
        // Amina's key cannot act as anyone else: a body naming another agent is refused, and says why.
        var impostor = await agents.PostAsJsonAsync($"/api/agents/escalations/{reference}/claim", new { agent = "Otieno" });
        Assert.Equal(HttpStatusCode.Forbidden, impostor.StatusCode);
        Assert.Contains("bound to agent 'Amina'", await impostor.Content.ReadAsStringAsync());
        Assert.Equal("open", (await agents.GetFromJsonAsync<EscalationDetail>($"/api/agents/escalations/{reference}"))!.Escalation.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await agents.PostAsync($"/api/agents/escalations/{reference}/claim",
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(agents, "HK999999", "claim", new { agent = "Amina" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(agents, reference, "reply", new { agent = "Amina", text = "hello" })).StatusCode);

        var claims = await Task.WhenAll(new[] { "Amina", "Otieno", "Wanjiru" }.Select(a => ActAsync(agents, reference, "claim", new { agent = a })));
        Assert.Single(claims, c => c.StatusCode == HttpStatusCode.OK);
        Assert.Equal(2, claims.Count(c => c.StatusCode == HttpStatusCode.Conflict));
        var holder = (await agents.GetFromJsonAsync<EscalationDetail>($"/api/agents/escalations/{reference}"))!.Escalation.Agent!;
        var other = new[] { "Amina", "Otieno", "Wanjiru" }.First(a => a != holder);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(agents, reference, "reply", new { agent = other, text = "hello" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(agents, reference, "reply", new { agent = holder, text = new string('x', 1001) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(agents, reference, "reply", new { agent = holder, text = " " })).StatusCode);
        Assert.Equal(1, (await ActivitiesAsync(chat, conversation)).Count(a => a.From?.Id == $"agent:{holder}")); // only "has joined"

        // Released: back in the queue, the citizen told so; then another agent takes it.
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agents, reference, "release", new { agent = holder })).StatusCode);
        Assert.StartsWith("Your chat is back in the queue", (await ActivitiesAsync(chat, conversation))[^1].Text);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agents, reference, "claim", new { agent = other })).StatusCode);
        var claimed = await agents.GetFromJsonAsync<List<EscalationView>>("/api/agents/escalations?status=claimed");
        Assert.Contains(claimed!, t => t.Reference == reference && t.Agent == other);
        Assert.Equal(HttpStatusCode.BadRequest, (await agents.GetAsync("/api/agents/escalations?status=everything")).StatusCode);
    }

    [Fact]
    public async Task An_agent_transfers_a_chat_to_another_who_joins_it_and_answers()
    {
        var (chat, conversation) = await ChatAsync("hi", "1", "talk to an agent");
        var reference = (await ActivitiesAsync(chat, conversation)).Single(a => a.Name == "handoff.initiate").Value!.Value.GetProperty("reference").GetString()!;
        var agents = Agents();
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agents, reference, "claim", new { agent = "Amina" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(agents, reference, "transfer", new { agent = "Amina" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(agents, reference, "transfer", new { agent = "Otieno", to = "Wanjiru" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agents, reference, "transfer", new { agent = "Amina", to = "Otieno" })).StatusCode);

        Assert.Equal("Otieno from Huduma 1919 has joined the chat.", (await ActivitiesAsync(chat, conversation))[^1].Text);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(agents, reference, "reply", new { agent = "Amina", text = "still me?" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(agents, reference, "reply", new { agent = "Otieno", text = "Habari, I will help you." })).StatusCode);
        Assert.Equal("agent:Otieno", (await ActivitiesAsync(chat, conversation))[^1].From!.Id);
    }
}
