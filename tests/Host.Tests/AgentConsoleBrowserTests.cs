using System.Net.Http.Headers;
using System.Net.Http.Json;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// /agents in headless Chromium, with two hosts on one Redis (agents on different hosts see the same
/// queue through SignalR's Redis backplane): a chat handoff arrives live, one agent claims it and the
/// other's queue loses it, the reply reaches the citizen's chat, the citizen's answer reaches the agent,
/// resolve hands the chat back to the bot.
/// </summary>
public sealed class AgentConsoleBrowserTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Password = "agent console password";
    private HudumaHost _a = null!, _b = null!;
    private string _urlA = "", _urlB = "";
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        (_a, _urlA) = Start();
        (_b, _urlB) = Start();
        var accounts = _a.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("amina", Roles.Agent, Password);
        await accounts.SaveAsync("otieno", Roles.Agent, Password);
        await accounts.SaveAsync("mwangi", Roles.Supervisor, Password);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    private (HudumaHost, string) Start()
    {
        var port = RedisServer.FreePort();
        var host = HudumaHost.OnRedis(redis);
        host.UseKestrel(port);
        host.StartServer();
        return (host, $"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private async Task<IPage> SignInAsync(string url, string name, string path = "/agents")
    {
        var page = await (await _browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(url + path);
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        if (path == "/agents") Assert.Equal(name, await page.TextContentAsync("#who"));
        return page;
    }

    private sealed record Started(string ConversationId, string Token);

    [Fact]
    public async Task A_chat_handoff_arrives_live_on_both_hosts_one_agent_takes_it_replies_and_resolves()
    {
        var amina = await SignInAsync(_urlA, "amina");
        var otieno = await SignInAsync(_urlB, "otieno");

        // The citizen chats through host B.
        using var chat = new HttpClient { BaseAddress = new Uri(_urlB) };
        var started = await (await chat.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<Started>();
        chat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started!.Token);
        var path = $"/v3/directline/conversations/{started.ConversationId}/activities";
        async Task SayAsync(string text) => (await chat.PostAsJsonAsync(path, new { type = "message", from = new { id = "citizen" }, text })).EnsureSuccessStatusCode();
        async Task<IReadOnlyList<Activity>> ChatLogAsync() => (await chat.GetFromJsonAsync<ActivitySet>(path, DirectLineJson.Options))!.Activities;
        await SayAsync("hi");
        await SayAsync("English");
        await SayAsync("I need to talk to a person about my lost ID");
        var reference = (await ChatLogAsync()).Single(a => a.Name == "handoff.initiate").Value!.Value.GetProperty("reference").GetString()!;

        // Live on both agents' screens, with what the citizen said.
        var inQueue = $"#queue li[data-reference='{reference}']";
        await amina.WaitForSelectorAsync(inQueue);
        await otieno.WaitForSelectorAsync(inQueue);
        Assert.Contains("my lost ID", await amina.TextContentAsync(inQueue) ?? "", StringComparison.OrdinalIgnoreCase);

        await amina.ClickAsync($"{inQueue} button.claim");
        await amina.WaitForSelectorAsync($"#mine li[data-reference='{reference}']");
        await otieno.WaitForSelectorAsync(inQueue, new() { State = WaitForSelectorState.Detached });
        await amina.WaitForFunctionAsync("() => document.querySelector('#d-messages').textContent.includes('my lost ID')");

        await amina.FillAsync("#reply-text", "Pole! Report the loss to the police first, then bring the abstract to a Huduma Centre.");
        await amina.ClickAsync("#reply button[type=submit]");
        bool Replied(IReadOnlyList<Activity> log) => log.Any(a => a.From?.Name == "amina" && a.Text?.StartsWith("Pole! Report the loss") == true);
        for (var i = 0; i < 50 && !Replied(await ChatLogAsync()); i++) await Task.Delay(100);
        Assert.True(Replied(await ChatLogAsync()), "the agent's reply never reached the chat");

        await SayAsync("Asante, which centre is nearest to Kisumu?");
        await amina.WaitForFunctionAsync("() => document.querySelector('#d-messages').textContent.includes('nearest to Kisumu')");

        await amina.SelectOptionAsync("#category", "requirements");
        await amina.ClickAsync("#resolve button[type=submit]");
        await amina.WaitForSelectorAsync("#detail", new() { State = WaitForSelectorState.Hidden });
        for (var i = 0; i < 50 && !(await ChatLogAsync()).Any(a => a.Text?.StartsWith("The agent has closed this chat.") == true); i++) await Task.Delay(100);
        Assert.Contains(await ChatLogAsync(), a => a.Text?.StartsWith("The agent has closed this chat.") == true);

        // The supervisor's dashboard counts it among today's handled chats.
        var supervisor = await SignInAsync(_urlB, "mwangi", "/agents/dashboard");
        var handled = await supervisor.TextContentAsync("#today tr[data-channel='chat'] td:nth-child(2)");
        Assert.True(int.Parse(handled!) >= 1, $"handled chats today: {handled}");
    }
}
