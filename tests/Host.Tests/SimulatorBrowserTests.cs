using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>The /simulator page in headless Chromium (Debian's), driving the real USSD endpoint over Kestrel.</summary>
public sealed class SimulatorBrowserTests(SimulatorFixture simulator) : SharedBrowserTests(simulator.Chromium), IClassFixture<SimulatorFixture>
{
    private const string AgentKey = SimulatorFixture.AgentKey;

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
        await simulator.ForgetDemoPhoneLanguageAsync();
        var page = await simulator.OpenSimulatorAsync();
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
    public async Task A_citizen_calls_on_the_keypad_hears_the_menus_checks_a_document_and_asks_for_an_agent()
    {
        await simulator.ForgetDemoPhoneLanguageAsync();
        var page = await simulator.OpenSimulatorAsync();
        async Task HearAsync(string words) =>
            await page.WaitForFunctionAsync("w => document.querySelector('#voice-log').textContent.includes(w)", words);
        async Task PressAsync(string keys)
        {
            foreach (var key in keys) await page.ClickAsync($"#keypad button:text-is('{key}')");
        }

        await page.ClickAsync("#tab-voice");
        await page.ClickAsync("#call");
        await HearAsync("For English, press 1.");
        await PressAsync("1");
        await HearAsync("How can we help?");
        await PressAsync("1");
        await HearAsync("Which document?");
        await PressAsync("1");
        await HearAsync("Then press the hash key.");
        await PressAsync("12345678#");
        await HearAsync("You entered 1 2 3 4, 5 6 7 8.");
        await PressAsync("1");
        await HearAsync("READY for collection");
        // No agents' numbers on the embedded default: 0 offers a call back, which ends the call.
        await PressAsync("0");
        await HearAsync("not available now");
        await PressAsync("1");
        await HearAsync("An agent will call you back");
        await HearAsync("(the call ends)");
        Assert.True(await page.IsDisabledAsync("#hangup"));
    }

    [Fact]
    public async Task An_sms_to_1919_gets_its_reply_in_the_phones_inbox()
    {
        var page = await simulator.OpenSimulatorAsync();
        await page.ClickAsync("#tab-sms");
        await page.FillAsync("#sms-text", "id no. 12345678");
        await page.ClickAsync("#sms-send");
        await page.WaitForSelectorAsync("#sms-inbox li.reply");
        var reply = await page.TextContentAsync("#sms-inbox li.reply");
        Assert.Contains("READY", reply);
        Assert.Contains("Wanjiku Kariuki", reply);
    }

    [Fact]
    public async Task A_long_unbroken_sms_wraps_in_the_inbox_instead_of_widening_the_page()
    {
        var page = await simulator.OpenSimulatorAsync();
        // A phone of its own: the demo phone's inbox shows every reply it was sent, and the other SMS test reads the first.
        await page.FillAsync("#phone", "+254722000888");
        await page.ClickAsync("#tab-sms");
        await page.FillAsync("#sms-text", new string('x', 2000));
        await page.ClickAsync("#sms-send");
        await page.WaitForSelectorAsync("#sms-inbox li.mine");
        await page.WaitForSelectorAsync("#sms-inbox li.reply");
        var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (width, viewport) = (sizes[0], sizes[1]);
        Assert.True(width <= viewport, $"the page is {width} px wide in a {viewport} px window");
    }

    [Fact]
    public async Task The_phone_is_one_frame_beside_the_documents_on_a_wide_screen_and_above_them_on_a_narrow_one()
    {
        var page = await simulator.OpenSimulatorAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        // The staff pages' tokens first, then the simulator's own sheet, which uses them.
        Assert.Equal(["/staff.css", "/simulator.css"],
            await page.EvaluateAsync<string[]>("() => [...document.styleSheets].filter(s => s.href).map(s => new URL(s.href).pathname)"));
        Assert.Equal("rgb(11, 93, 30)", await page.EvalOnSelectorAsync<string>("header", "h => getComputedStyle(h).backgroundColor"));
        Assert.Contains("Phone simulator", await page.TextContentAsync("header"));
        // One phone; of its four channels' panels only the selected one shows, inside the phone's screen.
        Assert.Equal(1, await page.Locator(".phone").CountAsync());
        Assert.Equal(1, await page.Locator(".phone [role=tabpanel]:visible").CountAsync());
        var phone = (await page.Locator(".phone").BoundingBoxAsync())!;
        var screen = (await page.Locator(".phone-screen").BoundingBoxAsync())!;
        Assert.True(screen.X > phone.X && screen.X + screen.Width < phone.X + phone.Width, "the screen is not inside the phone");

        var docs = (await page.Locator("#demo").BoundingBoxAsync())!;
        Assert.True(docs.X >= phone.X + phone.Width, $"on a wide screen the documents (x {docs.X}) are not beside the phone (right edge {phone.X + phone.Width})");
        var (left, right) = (phone.X, 1280 - (docs.X + docs.Width));
        Assert.True(Math.Abs(left - right) < 80, $"the phone and the documents are not centred: {left} px left, {right} px right");

        await page.SetViewportSizeAsync(390, 844);
        phone = (await page.Locator(".phone").BoundingBoxAsync())!;
        docs = (await page.Locator("#demo").BoundingBoxAsync())!;
        Assert.True(docs.Y >= phone.Y + phone.Height, $"on a narrow screen the documents (y {docs.Y}) are not below the phone (bottom {phone.Y + phone.Height})");
        Assert.True(Math.Abs(phone.X + phone.Width / 2 - 195) < 2, $"the phone is not centred: {phone.X} + {phone.Width} in 390 px");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
    }

    [Fact]
    public async Task Dropping_the_signal_and_redialling_offers_to_continue()
    {
        var page = await simulator.OpenSimulatorAsync();
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
        var page = await simulator.NewPageAsync();
        if (!webSockets) await page.AddInitScriptAsync("delete window.WebSocket;");
        await page.GotoAsync(simulator.Url + "/simulator");
        await page.ClickAsync("#tab-chat");
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

    [Fact]
    public async Task In_the_chat_widget_a_citizen_is_handed_to_an_agent_who_types_replies_and_hands_back()
    {
        var page = await simulator.NewPageAsync();
        await page.GotoAsync(simulator.Url + "/simulator");
        await page.ClickAsync("#tab-chat");
        await page.ClickAsync("#chat .hc-actions button:has-text('English')");
        await page.ClickAsync("#chat .hc-actions button:has-text('Talk to an agent')");
        await page.WaitForFunctionAsync("() => document.querySelector('#chat .hc-log').textContent.includes('Connecting you to an agent')");

        using var agents = new HttpClient { BaseAddress = new Uri(simulator.Url) };
        agents.DefaultRequestHeaders.Add("X-Api-Key", AgentKey);
        var ticket = Assert.Single((await agents.GetFromJsonAsync<List<Agents.EscalationView>>("/api/agents/escalations"))!, t => t.Channel == "chat");
        async Task ActAsync(string verb, object body) =>
            (await agents.PostAsJsonAsync($"/api/agents/escalations/{ticket.Reference}/{verb}", body)).EnsureSuccessStatusCode();

        await ActAsync("claim", new { agent = "Amina" });
        await page.WaitForSelectorAsync("#chat .hc-msg:has-text('Amina from Huduma 1919 has joined the chat.')");

        // The citizen types: the agent sees it.
        await page.FillAsync("#chat .hc-form input", "I lost my ID");
        var seen = false;
        for (var i = 0; i < 50 && !seen; i++, await Task.Delay(100))
            seen = (await agents.GetFromJsonAsync<Agents.EscalationDetail>($"/api/agents/escalations/{ticket.Reference}"))!.CitizenTyping;
        Assert.True(seen, "the agent never saw the citizen typing");
        await page.ClickAsync("#chat .hc-form button");

        // The agent types, then replies: the citizen sees both, the reply under the agent's name.
        await ActAsync("typing", new { agent = "Amina" });
        await page.WaitForSelectorAsync("#chat .hc-typing:has-text('Amina is typing')");
        await ActAsync("reply", new { agent = "Amina", text = "Report it to the police first, then visit a Huduma Centre." });
        await page.WaitForFunctionAsync("() => document.querySelector('#chat .hc-log').textContent.includes('Report it to the police first')");
        Assert.Equal("Amina", await page.Locator("#chat .hc-msg", new() { HasText = "Report it to the police first" }).Locator(".hc-name").TextContentAsync());
        Assert.Equal(0, await page.Locator("#chat .hc-typing").CountAsync());
        var detail = await agents.GetFromJsonAsync<Agents.EscalationDetail>($"/api/agents/escalations/{ticket.Reference}");
        Assert.Contains(detail!.Messages, m => m.From == "citizen" && m.Text == "I lost my ID");

        await ActAsync("resolve", new { agent = "Amina", category = "lost-id" });
        await page.WaitForFunctionAsync("() => document.querySelector('#chat .hc-log').textContent.includes('The agent has closed this chat')");
        Assert.True(await page.Locator("#chat .hc-actions button").CountAsync() > 0); // the bot's menu is back
    }
}
