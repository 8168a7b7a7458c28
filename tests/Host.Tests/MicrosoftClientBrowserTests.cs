using System.Net.Http.Headers;
using System.Net.Http.Json;
using Huduma.Contact.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Microsoft's own clients against our Direct Line, in headless Chromium, from a page on another origin
/// (the way a ministry's site would embed them): Web Chat (botframework-webchat) over the WebSocket stream,
/// and botframework-directlinejs itself over both transports. The host runs on Redis with a secret; the
/// page gets a token as a site's backend would hand it one.
/// </summary>
public sealed class MicrosoftClientBrowserTests(MicrosoftClientBrowserTests.HostAndSite host)
    : SharedBrowserTests(host.Chromium), IClassFixture<MicrosoftClientBrowserTests.HostAndSite>
{
    private const string Secret = "browser-direct-line-secret";

    /// <summary>
    /// The host on a Redis of its own with a Direct Line secret, and a site on another origin (another host
    /// name and port) that embeds the chat. Its own: no other class needs the secret or the site.
    /// </summary>
    public sealed class HostAndSite : BrowserHostFixture
    {
        public string Domain => Url + "/v3/directline";
        public string SiteUrl { get; private set; } = "";

        protected override async Task<HudumaHost> CreateHostAsync() => HudumaHost.OnRedis(await StartRedisAsync(), ("DirectLine:Secret", Secret));

        protected override async Task PrepareAsync()
        {
            var bundles = await MicrosoftChatBundles.EnsureAsync();
            var sitePort = RedisServer.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls($"http://127.0.0.1:{sitePort}");
            var site = DisposedWithFixture(builder.Build());
            site.MapGet("/{file}.js", (string file) => file is "webchat" or "directline"
                ? Results.File(Path.Combine(bundles, file + ".js"), "text/javascript") : Results.NotFound());
            site.MapGet("/webchat.html", (string token) => Results.Content(WebChatPage(token, Domain), "text/html"));
            site.MapGet("/directline.html", (string token, bool webSocket) => Results.Content(DirectLinePage(token, webSocket, Domain), "text/html"));
            await site.StartAsync();
            SiteUrl = $"http://localhost:{sitePort}";
        }
    }

    private static string WebChatPage(string token, string domain) => $$"""
        <!doctype html><html><head><meta charset="utf-8"><title>A ministry's page</title></head>
        <body><div id="webchat" style="height: 640px; width: 420px"></div>
        <script src="/webchat.js"></script>
        <script>
          window.WebChat.renderWebChat({
            directLine: window.WebChat.createDirectLine({ token: '{{token}}', domain: '{{domain}}', webSocket: true }),
            userID: 'citizen-webchat', locale: 'en-US'
          }, document.getElementById('webchat'));
        </script></body></html>
        """;

    private static string DirectLinePage(string token, bool webSocket, string domain) => $$"""
        <!doctype html><html><head><meta charset="utf-8"></head><body>
        <script src="/directline.js"></script>
        <script>
          window.activities = []; window.statuses = []; window.errors = [];
          window.dl = new DirectLine.DirectLine({ token: '{{token}}', domain: '{{domain}}', webSocket: {{(webSocket ? "true" : "false")}}, pollingInterval: 300 });
          window.dl.connectionStatus$.subscribe(s => window.statuses.push(s));
          window.dl.activity$.subscribe(a => window.activities.push(a), e => window.errors.push(String(e)));
          window.say = text => new Promise((resolve, reject) =>
            window.dl.postActivity({ type: 'message', from: { id: 'citizen-js' }, text }).subscribe(resolve, e => reject(String(e))));
        </script></body></html>
        """;

    private async Task<string> TokenAsync()
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        var response = await client.PostAsync(host.Domain + "/tokens/generate", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.Token;
    }

    private sealed record TokenResponse(string ConversationId, string Token);

    [Fact]
    public async Task Web_chat_on_another_origin_shows_the_bots_menu_and_its_buttons_work()
    {
        var page = await host.NewPageAsync();
        var failures = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") failures.Add(m.Text); };
        await page.GotoAsync($"{host.SiteUrl}/webchat.html?token={Uri.EscapeDataString(await TokenAsync())}");

        var box = page.Locator("[data-id='webchat-sendbox-input']");
        await box.WaitForAsync(new() { Timeout = 30_000 });
        await box.FillAsync("hello");
        await box.PressAsync("Enter");
        await page.GetByText("Choose language", new() { Exact = false }).First.WaitForAsync(new() { Timeout = 20_000 });

        // The suggested actions are buttons; a tap sends the option and the bot answers in English.
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "Suggested actions" }).GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.GetByText("How can we help?", new() { Exact = false }).First.WaitForAsync(new() { Timeout = 20_000 });
        Assert.Equal(0, await page.GetByText("Send failed", new() { Exact = false }).CountAsync());
        Assert.DoesNotContain(failures, f => f.Contains("CORS", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Directlinejs_holds_a_conversation_over_each_transport(bool webSocket)
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync($"{host.SiteUrl}/directline.html?webSocket={webSocket.ToString().ToLowerInvariant()}&token={Uri.EscapeDataString(await TokenAsync())}");

        var id = await page.EvaluateAsync<string>("() => window.say('hi')");
        // Its own activity comes back with the id the POST returned (Web Chat's "sent" tick), then the bot's answer to it.
        await page.WaitForFunctionAsync("id => window.activities.some(a => a.id === id)", id, new() { Timeout = 20_000 });
        await page.WaitForFunctionAsync("id => window.activities.some(a => a.replyToId === id && a.from.role === 'bot' && a.text.includes('Choose language'))",
            id, new() { Timeout = 20_000 });

        var second = await page.EvaluateAsync<string>("() => window.say('Kiswahili')");
        await page.WaitForFunctionAsync("id => window.activities.some(a => a.replyToId === id && a.text.includes('Tukusaidie vipi?'))", second, new() { Timeout = 20_000 });

        // Nothing twice, nothing failed; connected (ConnectionStatus.Online = 2).
        var ids = await page.EvaluateAsync<string[]>("() => window.activities.map(a => a.id)");
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(4, ids.Length);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.errors"));
        Assert.Contains(2, await page.EvaluateAsync<int[]>("() => window.statuses"));
    }
}
