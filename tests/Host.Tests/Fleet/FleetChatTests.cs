using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Xunit.Abstractions;

using static Huduma.Contact.Host.Tests.Eventually;

namespace Huduma.Contact.Host.Tests.Fleet;

/// <summary>
/// A web chat and the agent console through nginx: the agent's live feed is a WebSocket held by one host,
/// the citizen's chat is streamed from every host, and each side sees the other live across hosts.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FleetChatTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const string Password = "fleet agent password";

    [Fact]
    public async Task A_chat_streamed_from_one_host_and_its_agent_on_another_see_each_other_live_through_nginx()
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        await using var fleet = await HostFleet.StartAsync(redis, at, new Dictionary<string, string>(), output.WriteLine);
        var accounts = new AccountStore(new RedisStateStore(redis.Connection), TimeProvider.System, new PasswordHasher<Account>(), NullLogger<AccountStore>.Instance);
        await accounts.SaveAsync("amina", Roles.Agent, Password);

        // The agent signs in through nginx; the console's live feed is a WebSocket that stays on one host.
        await using var browser = await Chromium.LaunchAsync();
        var agent = await browser.NewPageAsync();
        agent.Console += (_, message) => output.WriteLine($"[agent console] {message.Text}");
        await agent.GotoAsync(fleet.BaseUrl + "/agents");
        await agent.FillAsync("input[name=name]", "amina");
        await agent.FillAsync("input[name=password]", Password);
        await agent.ClickAsync("button[type=submit]");
        await agent.WaitForSelectorAsync("#live.on", new() { Timeout = 15_000 });

        // The citizen opens a chat through nginx and its stream, as Web Chat does. Which host nginx gives the
        // stream is its choice, so the same stream is also opened on each host directly: whichever host holds
        // the agent's feed, two of these are held by others.
        using var chat = new HttpClient { BaseAddress = new Uri(fleet.BaseUrl) };
        chat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HostFleet.DirectLineSecret);
        var started = await (await chat.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<JsonElement>();
        var conversation = started.GetProperty("conversationId").GetString()!;
        var token = started.GetProperty("token").GetString();
        chat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var streamUrl = new Uri(started.GetProperty("streamUrl").GetString()!);
        var streams = new List<DirectLineStreamReader> { await DirectLineStreamReader.OpenAsync(streamUrl.ToString()) };
        foreach (var host in fleet.Hosts)
            streams.Add(await DirectLineStreamReader.OpenAsync(new UriBuilder(streamUrl) { Port = host.Port }.Uri.ToString()));
        try
        {
            async Task SayAsync(string text, HttpClient? via = null) => (await (via ?? chat).PostAsJsonAsync($"/v3/directline/conversations/{conversation}/activities",
                new { type = "message", from = new { id = "citizen" }, text })).EnsureSuccessStatusCode();
            await SayAsync("hi");
            await SayAsync("English");
            await SayAsync("I need to talk to a person about my lost ID");
            await WaitUntil(() => streams.All(s => s.Received.Any(a => a.Text?.StartsWith("Connecting you to an agent") == true)),
                TimeSpan.FromSeconds(10), "the handoff's waiting message on every stream of the citizen's chat");

            // The ticket reaches the agent's queue live, and the agent takes it.
            var ticket = agent.Locator("#queue li[data-reference]").Filter(new() { HasText = "lost ID" });
            await ticket.WaitForAsync(new() { Timeout = 10_000 });
            await ticket.Locator("button.claim").ClickAsync();
            await agent.WaitForFunctionAsync("() => document.querySelector('#d-messages').textContent.includes('lost ID')", null, new() { Timeout = 10_000 });

            // The agent's reply reaches the citizen's streams on every host, the two without the agent's feed included.
            await agent.FillAsync("#reply-text", "Pole! Report the loss to the police first.");
            await agent.ClickAsync("#reply button[type=submit]");
            await WaitUntil(() => streams.All(s => s.Received.Any(a => a.Text == "Pole! Report the loss to the police first.")),
                TimeSpan.FromSeconds(10), "the agent's reply on the citizen's stream on every host");

            // And the citizen's answer, posted to each host in turn, reaches the agent's screen.
            foreach (var host in fleet.Hosts)
            {
                using var direct = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
                direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                await SayAsync($"Asante, which centre is nearest to Kisumu? ({host.Port})", direct);
                await agent.WaitForFunctionAsync($"() => document.querySelector('#d-messages').textContent.includes('nearest to Kisumu? ({host.Port})')",
                    null, new() { Timeout = 10_000 });
            }
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
        }
        await agent.Context.CloseAsync(); // the feed's WebSocket closes, and nginx logs it

        // Both WebSockets went through nginx (the upgrade passed on), and the agent's feed stayed on one host.
        await WaitUntil(() => fleet.Nginx.AccessLog().Count(r => r.Status == 101) >= 2, TimeSpan.FromSeconds(10), "nginx to log both WebSockets");
        var feed = Assert.Single(fleet.Nginx.AccessLog(), r => r.Path == "/agents/hub" && r.Status == 101);
        var chatStream = Assert.Single(fleet.Nginx.AccessLog(), r => r.Path.EndsWith("/stream", StringComparison.Ordinal) && r.Status == 101);
        output.WriteLine($"agent's feed on {feed.AnsweredBy}, citizen's stream through nginx on {chatStream.AnsweredBy}");
    }
}
