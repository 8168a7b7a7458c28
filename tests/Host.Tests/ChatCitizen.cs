using System.Net.Http.Headers;
using System.Net.Http.Json;
using Huduma.Contact.Bot.DirectLine;

namespace Huduma.Contact.Host.Tests;

/// <summary>A citizen on web chat over Direct Line 3.0: starts a conversation, says things, reads what the chat shows.</summary>
internal sealed class ChatCitizen
{
    private sealed record Started(string ConversationId, string Token);
    private readonly HttpClient _http;
    private readonly string _path;

    private ChatCitizen(HttpClient http, string path) => (_http, _path) = (http, path);

    /// <param name="http">A client of the host (its base address set); the conversation's token goes on its headers.</param>
    public static async Task<ChatCitizen> StartAsync(HttpClient http)
    {
        var started = await (await http.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<Started>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started!.Token);
        return new ChatCitizen(http, $"/v3/directline/conversations/{started.ConversationId}/activities");
    }

    public async Task SayAsync(string text) =>
        (await _http.PostAsJsonAsync(_path, new { type = "message", from = new { id = "citizen" }, text })).EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<Activity>> LogAsync() => (await _http.GetFromJsonAsync<ActivitySet>(_path, DirectLineJson.Options))!.Activities;

    /// <summary>Hello, English, and a question for a person: the reference of the ticket the handoff opened.</summary>
    public async Task<string> AskForAnAgentAsync(string question = "I need to talk to a person about my lost ID")
    {
        await SayAsync("hi");
        await SayAsync("English");
        await SayAsync(question);
        return HandoffReference(await LogAsync());
    }

    public static string HandoffReference(IReadOnlyList<Activity> log) =>
        log.Single(a => a.Name == "handoff.initiate").Value!.Value.GetProperty("reference").GetString()!;
}
