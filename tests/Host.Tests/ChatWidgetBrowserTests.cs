using System.Net.Http.Json;
using Huduma.Contact.Host.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Our web chat widget (/chat/huduma-chat.js) in headless Chromium, floating in a corner of a page as a site
/// embeds it with one script tag: closing and reopening it, the page's language, the message length limit
/// the host enforces (set low here, so the widget must have learnt it from the host), the agent's name.
/// </summary>
public sealed class ChatWidgetBrowserTests(ChatWidgetBrowserTests.WidgetHost widget)
    : SharedBrowserTests(widget.Chromium), IClassFixture<ChatWidgetBrowserTests.WidgetHost>
{
    private const string AgentKey = "widget-agent-key";
    private const int MaxTextLength = 300;

    /// <summary>
    /// The embedded default with an agent's API key and a low message limit. Not the simulator's host: a
    /// chat claimed here stays open, and the simulator's handoff test expects its own chat to be the only one.
    /// </summary>
    public sealed class WidgetHost : BrowserHostFixture
    {
        protected override Task<HudumaHost> CreateHostAsync() => Task.FromResult(new HudumaHost(new Dictionary<string, string?>
        {
            ["AgentApi:Keys:0:Agent"] = "wanjiru", ["AgentApi:Keys:0:Key"] = AgentKey, ["DirectLine:MaxTextLength"] = MaxTextLength.ToString(),
        }));
    }

    /// <summary>A page of the host's origin embedding the widget with the given attributes, its launcher clicked.</summary>
    private async Task<IPage> OpenAsync(string attributes = "")
    {
        var page = await widget.NewPageAsync();
        await page.RouteAsync(widget.Url + "/embedding-site", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<!doctype html><html><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'></head>" +
                   $"<body><h1>A ministry's page</h1><script src='/chat/huduma-chat.js' {attributes}></script></body></html>",
        }));
        await page.GotoAsync(widget.Url + "/embedding-site");
        await page.ClickAsync(".hc-launch");
        await page.WaitForSelectorAsync(".hc-box .hc-actions button");
        return page;
    }

    [Fact]
    public async Task The_widget_closes_to_its_launcher_and_reopens_from_the_keyboard()
    {
        var page = await OpenAsync("data-lang='en'");
        Assert.Contains("Huduma 1919", await page.TextContentAsync(".hc-box .hc-head"));
        Assert.False(await page.IsVisibleAsync(".hc-launch"));

        await page.FocusAsync(".hc-box .hc-close");
        await page.Keyboard.PressAsync("Enter");
        Assert.False(await page.IsVisibleAsync(".hc-box"));
        Assert.True(await page.IsVisibleAsync(".hc-launch"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement === document.querySelector('.hc-launch')"));
        Assert.Equal("false", await page.GetAttributeAsync(".hc-launch", "aria-expanded"));

        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.IsVisibleAsync(".hc-box"));
        Assert.False(await page.IsVisibleAsync(".hc-launch"));
        // The same conversation: the menu is still there, and Escape closes it too.
        Assert.Contains("How can we help?", await page.TextContentAsync(".hc-log"));
        await page.Keyboard.PressAsync("Escape");
        Assert.False(await page.IsVisibleAsync(".hc-box"));
    }

    [Fact]
    public async Task With_data_lang_sw_the_bot_starts_in_kiswahili_without_asking_the_language()
    {
        var page = await OpenAsync("data-lang='sw'");
        var log = await page.TextContentAsync(".hc-log") ?? "";
        Assert.Contains("Tukusaidie vipi?", log);
        Assert.DoesNotContain("Chagua lugha", log);
        Assert.DoesNotContain("Choose language", log);
        Assert.Equal("Ongea na Huduma 1919", (await page.TextContentAsync(".hc-head"))?.Replace("×", "").Trim());
    }

    [Fact]
    public async Task Without_data_lang_the_bot_still_asks_the_language()
    {
        var page = await OpenAsync();
        Assert.Contains("Choose language", await page.TextContentAsync(".hc-log"));
    }

    [Fact]
    public async Task The_input_stops_at_the_hosts_limit_and_a_refused_message_says_why_in_the_pages_language()
    {
        var page = await OpenAsync("data-lang='sw'");
        Assert.Equal(MaxTextLength, await page.EvalOnSelectorAsync<int>(".hc-form input", "i => i.maxLength"));
        await page.FillAsync(".hc-form input", new string('a', 5000));
        Assert.Equal(MaxTextLength, (await page.InputValueAsync(".hc-form input")).Length);
        Assert.Contains($"{MaxTextLength}/{MaxTextLength}", await page.TextContentAsync(".hc-form"));

        // The host refuses (as it would an older page's longer message): the citizen reads why, in Kiswahili.
        await page.RouteAsync("**/activities", async route =>
        {
            if (route.Request.Method == "POST")
                await route.FulfillAsync(new() { Status = 400, ContentType = "application/problem+json", Body = "{\"detail\":\"text longer than 300 characters\"}" });
            else await route.ContinueAsync();
        });
        await page.ClickAsync(".hc-form button[type=submit]");
        var error = page.Locator(".hc-log [role=alert]");
        await error.WaitForAsync();
        Assert.Contains("herufi 300", await error.TextContentAsync());
        Assert.DoesNotContain("(!)", await page.TextContentAsync(".hc-log"));
    }

    [Fact]
    public async Task A_long_unbroken_message_wraps_inside_the_widget()
    {
        var page = await OpenAsync("data-lang='en'");
        await page.FillAsync(".hc-form input", new string('x', MaxTextLength));
        await page.ClickAsync(".hc-form button[type=submit]");
        await page.WaitForSelectorAsync(".hc-msg.hc-user");
        Assert.True(await page.EvalOnSelectorAsync<bool>(".hc-log", "l => l.scrollWidth <= l.clientWidth"), "the message widens the chat");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the message widens the page");
    }

    [Fact]
    public async Task The_agent_joins_under_their_display_name_said_once()
    {
        await widget.Host.Services.GetRequiredService<AccountStore>().SaveAsync("wanjiru", Roles.Agent, "a long enough password", "Wanjiru Kamau");
        var page = await OpenAsync("data-lang='en'");
        await page.ClickAsync(".hc-actions button:has-text('Talk to an agent')");
        await page.WaitForFunctionAsync("() => document.querySelector('.hc-log').textContent.includes('Connecting you to an agent')");

        using var agents = new HttpClient { BaseAddress = new Uri(widget.Url) };
        agents.DefaultRequestHeaders.Add("X-Api-Key", AgentKey);
        var ticket = Assert.Single((await agents.GetFromJsonAsync<List<Agents.EscalationView>>("/api/agents/escalations"))!, t => t.Channel == "chat");
        (await agents.PostAsJsonAsync($"/api/agents/escalations/{ticket.Reference}/claim", new { agent = "wanjiru" })).EnsureSuccessStatusCode();
        var joined = page.Locator(".hc-msg", new() { HasText = "has joined" });
        await joined.WaitForAsync();
        var text = await joined.TextContentAsync() ?? "";
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Wanjiru Kamau"));
        Assert.DoesNotContain("wanjiru", text); // the sign-in name is not for citizens

        (await agents.PostAsJsonAsync($"/api/agents/escalations/{ticket.Reference}/reply", new { agent = "wanjiru", text = "Habari, how can I help?" })).EnsureSuccessStatusCode();
        var reply = page.Locator(".hc-msg", new() { HasText = "how can I help?" });
        await reply.WaitForAsync();
        Assert.Equal("Wanjiru Kamau", await reply.Locator(".hc-name").TextContentAsync());
    }
}
