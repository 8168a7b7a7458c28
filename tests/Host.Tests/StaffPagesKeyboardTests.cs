using Huduma.Contact.Bot.DirectLine;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>The agent console with the keyboard alone (Tab, Shift+Tab, Enter, typing): no mouse, no clicks.</summary>
[Collection(StaffPagesCollection.Name)]
public sealed class StaffPagesKeyboardTests(StaffPagesFixture staff) : SharedBrowserTests(staff.Chromium)
{
    /// <summary>Tabs (forwards, or backwards with Shift) until the focus is on <paramref name="selector"/>; fails if it never gets there.</summary>
    private static async Task TabToAsync(IPage page, string selector, bool backwards = false, int most = 120)
    {
        for (var i = 0; i < most; i++)
        {
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector)) return;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        Assert.Fail($"{selector} is not reached with {(backwards ? "Shift+Tab" : "Tab")} in {most} presses");
    }

    [Fact]
    public async Task An_agent_with_only_the_keyboard_skips_to_the_content_claims_a_waiting_chat_and_the_reply_reaches_the_citizen()
    {
        var page = await staff.SignedInAsync(StaffPagesFixture.Agent, "/agents");

        using var http = new HttpClient { BaseAddress = new Uri(staff.Url) };
        var citizen = await ChatCitizen.StartAsync(http);
        var reference = await citizen.AskForAnAgentAsync();
        var inQueue = $"#queue li[data-reference='{reference}']";
        await page.WaitForSelectorAsync(inQueue);

        // The first Tab reaches "Skip to content", and Enter takes the focus past the header.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"), "Skip to content left the focus outside main");

        // The ticket's Claim, by Tab; the queue redraws itself every two seconds without taking the focus away.
        await TabToAsync(page, $"{inQueue} button.claim");
        await Task.Delay(2500);
        Assert.True(await page.EvaluateAsync<bool>("s => document.activeElement.matches(s)", $"{inQueue} button.claim"), "the redraw took the focus off Claim");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync($"() => document.querySelector('#d-title').textContent.startsWith('{reference}')");
        await page.WaitForFunctionAsync("() => document.querySelector('#d-messages').textContent.includes('my lost ID')");

        // The claimed ticket in "Mine" is a button too: Shift+Tab back to it and Enter opens it.
        await TabToAsync(page, $"#mine li[data-reference='{reference}'] button", backwards: true);
        await page.Keyboard.PressAsync("Enter");

        await TabToAsync(page, "#reply-text");
        await page.Keyboard.TypeAsync("Pole! Report the loss to the police first.");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.matches('#reply button[type=submit]')"), "Tab from the reply does not reach Send");
        await page.Keyboard.PressAsync("Enter");

        bool Replied(IReadOnlyList<Activity> log) => log.Any(a => a.From?.Name is not null && a.Text == "Pole! Report the loss to the police first.");
        for (var i = 0; i < 50 && !Replied(await citizen.LogAsync()); i++) await Task.Delay(100);
        Assert.True(Replied(await citizen.LogAsync()), "the agent's reply never reached the chat");
    }
}
