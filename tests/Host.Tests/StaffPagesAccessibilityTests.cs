using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// axe-core (injected through Playwright) on every staff page in headless Chromium: no violation of WCAG 2.1
/// A or AA with impact serious or critical. The console is checked with a ticket waiting and one claimed
/// and open in the detail pane.
/// </summary>
[Collection(StaffPagesCollection.Name)]
public sealed class StaffPagesAccessibilityTests(StaffPagesFixture staff) : SharedBrowserTests(staff.Chromium)
{
    private static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var serious = await page.SeriousViolationsAsync();
        Assert.True(serious.Count == 0, $"{page.Url}:\n" + string.Join("\n", serious));
    }

    [Fact]
    public async Task The_sign_in_page_has_no_serious_accessibility_violations()
    {
        var page = await staff.NewPageAsync();
        await page.GotoAsync(staff.Url + "/login");
        await AssertNoSeriousViolationsAsync(page);
        // With the refusal shown too.
        await page.FillAsync("input[name=name]", StaffPagesFixture.Agent);
        await page.FillAsync("input[name=password]", "not the password");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[role=alert]");
        await AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_denied_page_has_no_serious_accessibility_violations()
    {
        var page = await staff.SignedInAsync(StaffPagesFixture.Agent, "/agents");
        await page.GotoAsync(staff.Url + "/admin");
        Assert.Contains("/denied", page.Url);
        await AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_agent_console_with_an_offer_a_waiting_and_an_open_ticket_has_no_serious_accessibility_violations()
    {
        var store = staff.Host.Services.GetRequiredService<IEscalationStore>();
        var page = await staff.SignedInAsync(StaffPagesFixture.Agent, "/agents");
        // Available: the next ticket is offered to her (and still waits in the queue until she takes it).
        await page.SelectOptionAsync("#presence", "available");
        await Eventually.WaitUntil(async () => (await staff.Host.Services.GetRequiredService<Huduma.Contact.Core.Assignment.IAssignmentStore>().AgentsAsync())
            .Any(a => a.Agent == StaffPagesFixture.Agent && a.Seen == "available"), TimeSpan.FromSeconds(10), "seen as available");
        var waiting = await store.CreateAsync(new NewEscalation("chat", null, "en", "handoff", ["chat:where is my passport"]));
        await page.WaitForSelectorAsync($"#offers li[data-reference='{waiting.Reference}'] button.accept");
        // Said once to a screen reader, apart from the list, whose countdown changes every second and is no live region.
        Assert.Contains(waiting.Reference, await page.TextContentAsync("#offer-news"));
        Assert.Equal("assertive", await page.GetAttributeAsync("#offer-news", "aria-live"));
        Assert.Equal(0, await page.Locator("#offers[aria-live], #offers [aria-live], #queue[aria-live]").CountAsync());
        var claimed = await store.CreateAsync(new NewEscalation("sms", "+254722" + Random.Shared.Next(100_000, 999_999), "en", "sms-agent", ["sms:MY ID IS LOST"]));
        await page.ClickAsync($"#queue li[data-reference='{claimed.Reference}'] button.claim");
        await page.WaitForFunctionAsync($"() => document.querySelector('#d-title').textContent.startsWith('{claimed.Reference}')");
        await page.WaitForSelectorAsync($"#queue li[data-reference='{waiting.Reference}']");
        try { await AssertNoSeriousViolationsAsync(page); }
        finally { await page.SelectOptionAsync("#presence", "away"); } // offers to her would get in the way of the other tests on this host
    }

    [Fact]
    public async Task The_supervisors_dashboard_has_no_serious_accessibility_violations()
    {
        var page = await staff.SignedInAsync(StaffPagesFixture.Supervisor, "/agents/dashboard");
        await page.WaitForSelectorAsync("body[data-range-ready]");
        await page.WaitForSelectorAsync("body[data-audit-ready]");
        await page.WaitForSelectorAsync("body[data-sla-ready]");
        await AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_admin_page_has_no_serious_accessibility_violations()
    {
        var page = await staff.SignedInAsync(StaffPagesFixture.Admin, "/admin");
        await AssertNoSeriousViolationsAsync(page);
    }
}
