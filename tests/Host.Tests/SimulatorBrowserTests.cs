using Huduma.Contact.TestSupport;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>The /simulator page in headless Chromium (Debian's), driving the real USSD endpoint over Kestrel.</summary>
public sealed class SimulatorBrowserTests : IAsyncLifetime
{
    private HudumaHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        var port = RedisServer.FreePort();
        // The embedded default, with a callback secret so the page must pass the token as AT would.
        _host = new HudumaHost(new Dictionary<string, string?> { ["AfricasTalking:CallbackSecret"] = "browser-secret" });
        _host.UseKestrel(port);
        _host.StartServer();
        _url = $"http://127.0.0.1:{port}";
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    private static async Task SendAsync(IPage page, string input)
    {
        var before = await page.TextContentAsync("#screen");
        await page.FillAsync("#input", input);
        await page.ClickAsync("#send");
        await page.WaitForFunctionAsync("b => document.querySelector('#screen').textContent !== b", before);
    }

    [Fact]
    public async Task A_citizen_dials_chooses_english_and_checks_a_demo_document()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_url + "/simulator");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        Assert.Equal("+254711000001", await page.InputValueAsync("#phone"));
        Assert.Contains("12345678", await page.TextContentAsync("#demo-docs"));

        await page.ClickAsync("#dial");
        await page.WaitForFunctionAsync("() => document.querySelector('#screen').textContent.includes('Choose language')");
        await SendAsync(page, "1");
        Assert.Contains("How can we help?", await page.TextContentAsync("#screen"));
        await SendAsync(page, "1");
        Assert.Contains("Which document?", await page.TextContentAsync("#screen"));
        await SendAsync(page, "1");
        await SendAsync(page, "12345678");
        var screen = await page.TextContentAsync("#screen") ?? "";
        if (screen.Contains("98 More"))
        {
            await SendAsync(page, "98");
            screen += await page.TextContentAsync("#screen");
        }
        Assert.Contains("READY", screen);
        Assert.Contains("Wanjiku Kariuki", screen);
    }

    [Fact]
    public async Task An_sms_to_1919_gets_its_reply_in_the_phones_inbox()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_url + "/simulator");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.FillAsync("#sms-text", "id no. 12345678");
        await page.ClickAsync("#sms-send");
        await page.WaitForSelectorAsync("#sms-inbox li.reply");
        var reply = await page.TextContentAsync("#sms-inbox li.reply");
        Assert.Contains("READY", reply);
        Assert.Contains("Wanjiku Kariuki", reply);
    }

    [Fact]
    public async Task Dropping_the_signal_and_redialling_offers_to_continue()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_url + "/simulator");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.FillAsync("#phone", "+254722333444");
        await page.ClickAsync("#dial");
        await page.WaitForFunctionAsync("() => document.querySelector('#screen').textContent.includes('Choose language')");
        await SendAsync(page, "1");
        await SendAsync(page, "2");
        Assert.Contains("Choose your county", await page.TextContentAsync("#screen"));

        await page.ClickAsync("#drop");
        Assert.True(await page.IsDisabledAsync("#send"));
        await page.ClickAsync("#dial");
        await page.WaitForFunctionAsync("() => document.querySelector('#screen').textContent.includes('Continue where you left off?')");
        await SendAsync(page, "1");
        Assert.Contains("Choose your county", await page.TextContentAsync("#screen"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // WebSockets blocked: the widget falls back to polling
    public async Task The_chat_widget_shows_the_menu_as_buttons_follows_a_tap_and_answers_a_question(bool webSockets)
    {
        var page = await _browser.NewPageAsync();
        if (!webSockets) await page.AddInitScriptAsync("delete window.WebSocket;");
        await page.GotoAsync(_url + "/simulator");
        await page.WaitForSelectorAsync("#chat .hc-actions button");
        Assert.Contains("Choose language", await page.TextContentAsync("#chat .hc-log"));

        await page.ClickAsync("#chat .hc-actions button:has-text('English')");
        await page.WaitForFunctionAsync("() => document.querySelector('#chat .hc-log').textContent.includes('How can we help?')");

        await page.FillAsync("#chat .hc-form input", "wat shud I bring to colect my documnt?");
        await page.ClickAsync("#chat .hc-form button");
        await page.WaitForFunctionAsync("() => document.querySelector('#chat .hc-log').textContent.includes('waiting card')");
        var bubbles = await page.Locator("#chat .hc-msg").AllTextContentsAsync();
        Assert.Contains(bubbles, b => b.Contains("wat shud I bring"));               // the citizen's own message, once
        Assert.Single(bubbles, b => b.Contains("wat shud I bring"));
        Assert.True(await page.Locator("#chat .hc-actions button").CountAsync() > 0); // the menu stays
        Assert.Equal(webSockets ? "websocket" : "polling", await page.GetAttributeAsync("#chat .hc-box", "data-transport"));
    }
}
