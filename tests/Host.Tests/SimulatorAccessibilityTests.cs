using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// /simulator for people who use a keyboard or a screen reader: axe-core (the copy Deque.AxeCore.Playwright embeds,
/// injected into the page) on each channel's tab in use, and the channels driven by page.Keyboard alone.
/// </summary>
public sealed class SimulatorAccessibilityTests(SimulatorFixture simulator) : SharedBrowserTests(simulator.Chromium), IClassFixture<SimulatorFixture>
{
    private static Task ShowTabAsync(IPage page, string name) =>
        page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true }).ClickAsync();

    /// <summary>Each serious or critical axe violation as "tab: id (impact): help at targets".</summary>
    private static async Task<IEnumerable<string>> SeriousViolationsAsync(IPage page, string tab) =>
        (await page.SeriousViolationsAsync()).Select(v => $"{tab}: {v}");

    [Fact]
    public async Task Every_channel_tab_in_use_has_no_serious_or_critical_axe_violations()
    {
        var page = await simulator.OpenSimulatorAsync();
        // A phone of its own: the keyboard test reads the demo phone's first SMS reply.
        await page.FillAsync("#phone", "+254722000999");
        var violations = new List<string>();

        await ShowTabAsync(page, "USSD");
        await page.ClickAsync("#dial");
        await page.WaitForFunctionAsync("() => document.querySelector('#screen').textContent.includes('Choose language')");
        violations.AddRange(await SeriousViolationsAsync(page, "USSD"));

        await ShowTabAsync(page, "SMS");
        await page.FillAsync("#sms-text", "HELP");
        await page.ClickAsync("#sms-send");
        await page.WaitForSelectorAsync("#sms-inbox li.reply");
        violations.AddRange(await SeriousViolationsAsync(page, "SMS"));

        await ShowTabAsync(page, "Voice");
        await page.ClickAsync("#call");
        await page.WaitForFunctionAsync("() => document.querySelector('#voice-log').textContent.includes('For English, press 1.')");
        violations.AddRange(await SeriousViolationsAsync(page, "Voice"));

        await ShowTabAsync(page, "Web chat");
        await page.ClickAsync("#chat .hc-actions button:has-text('English')");
        await page.WaitForFunctionAsync("() => document.querySelector('#chat .hc-log').textContent.includes('How can we help?')");
        await page.FillAsync("#chat .hc-form input", "what do I bring to collect my ID?");
        await page.ClickAsync("#chat .hc-form button[type=submit]");
        await page.WaitForFunctionAsync("() => document.querySelector('#chat .hc-log').textContent.includes('waiting card')");
        violations.AddRange(await SeriousViolationsAsync(page, "Web chat"));

        Assert.True(violations.Count == 0, "axe found:\n" + string.Join("\n", violations));
    }

    /// <summary>Presses Tab until the element is focused (at most 15 times): reachable by the keyboard alone.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 15; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement === document.querySelector(s)", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector}; focus is on {await page.EvaluateAsync<string>("() => document.activeElement.outerHTML.slice(0, 120)")}");
    }

    private static Task<string> FocusedIdAsync(IPage page) => page.EvaluateAsync<string>("() => document.activeElement.id");

    [Fact]
    public async Task With_the_keyboard_alone_a_citizen_sends_an_sms_gets_the_answer_and_dials_ussd()
    {
        await simulator.ForgetDemoPhoneLanguageAsync();
        var page = await simulator.OpenSimulatorAsync();
        await TabToAsync(page, "[role=tab][aria-selected=true]");
        Assert.Equal("tab-ussd", await FocusedIdAsync(page));

        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("tab-sms", await FocusedIdAsync(page));
        Assert.Equal("true", await page.GetAttributeAsync("#tab-sms", "aria-selected"));
        await TabToAsync(page, "#sms-text");
        await page.Keyboard.TypeAsync("id no. 12345678");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#sms-inbox li.reply");
        Assert.Contains("Wanjiku Kariuki", await page.TextContentAsync("#sms-inbox li.reply"));

        // Back to the tab list (Shift+Tab), Left to USSD, then Dial with Enter.
        for (var i = 0; i < 15 && await FocusedIdAsync(page) != "tab-sms"; i++) await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("tab-sms", await FocusedIdAsync(page));
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal("tab-ussd", await FocusedIdAsync(page));
        await TabToAsync(page, "#dial");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelector('#screen').textContent.includes('Choose language')");
        Assert.True(await page.IsVisibleAsync("#screen"));
    }

    [Fact]
    public async Task The_channel_tabs_move_with_the_arrow_keys_home_and_end_and_show_one_panel_at_a_time()
    {
        var page = await simulator.OpenSimulatorAsync();
        var tabs = page.GetByRole(AriaRole.Tab);
        Assert.Equal(["USSD", "SMS", "Voice", "Web chat"], (await tabs.AllTextContentsAsync()).Select(t => t.Trim()));
        await page.FocusAsync("#tab-ussd");

        async Task ExpectSelectedAsync(string id)
        {
            Assert.Equal(id, await FocusedIdAsync(page));
            var state = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('[role=tab]')].map(t => {
                  const panel = document.getElementById(t.getAttribute('aria-controls'));
                  return [t.id, t.getAttribute('aria-selected'), t.tabIndex, panel.getAttribute('role'), !panel.hidden, panel.tabIndex].join(' ');
                })
                """);
            foreach (var line in state)
            {
                var selected = line.StartsWith(id + " ");
                Assert.Equal(selected ? $"{id} true 0 tabpanel true 0" : line.Split(' ')[0] + " false -1 tabpanel false 0", line);
            }
        }

        await ExpectSelectedAsync("tab-ussd");
        await page.Keyboard.PressAsync("ArrowLeft");   // wraps to the last
        await ExpectSelectedAsync("tab-chat");
        await page.Keyboard.PressAsync("ArrowRight");  // wraps to the first
        await ExpectSelectedAsync("tab-ussd");
        await page.Keyboard.PressAsync("End");
        await ExpectSelectedAsync("tab-chat");
        await page.Keyboard.PressAsync("Home");
        await ExpectSelectedAsync("tab-ussd");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await ExpectSelectedAsync("tab-voice");
        Assert.True(await page.IsVisibleAsync("#call"));
        Assert.False(await page.IsVisibleAsync("#dial"));
    }

    [Fact]
    public async Task On_the_voice_tab_a_digit_typed_while_the_keypad_has_focus_presses_that_key()
    {
        await simulator.ForgetDemoPhoneLanguageAsync();
        var page = await simulator.OpenSimulatorAsync();
        await ShowTabAsync(page, "Voice");
        await page.FocusAsync("#call");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelector('#voice-log').textContent.includes('For English, press 1.')");
        await page.FocusAsync("#keypad button:text-is('5')");
        await page.Keyboard.PressAsync("1");
        await page.WaitForFunctionAsync("() => document.querySelector('#voice-log').textContent.includes('How can we help?')");
        Assert.Contains("You pressed 1", await page.TextContentAsync("#voice-log"));
    }
}
