using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>The console's detail pane says how the open ticket stood against its channel's SLA, as the queue does while it waits.</summary>
[Collection(StaffPagesCollection.Name)]
public sealed class AgentConsoleSlaDetailBrowserTests(StaffPagesFixture staff) : SharedBrowserTests(staff.Chromium)
{
    [Fact]
    public async Task A_chat_claimed_at_once_shows_in_its_detail_that_it_was_taken_before_its_SLA_deadline()
    {
        var page = await staff.SignedInAsync(StaffPagesFixture.Agent, "/agents");
        var ticket = await staff.Host.Services.GetRequiredService<IEscalationStore>().CreateAsync(new NewEscalation("chat", null, "en", "handoff", []));
        var inQueue = $"#queue li[data-reference='{ticket.Reference}']";
        await Assertions.Expect(page.Locator($"{inQueue} .sla")).ToContainTextAsync("left"); // chat: 2 minutes by default
        await page.ClickAsync($"{inQueue} button.claim");
        await page.WaitForFunctionAsync($"() => document.querySelector('#d-title').textContent.startsWith('{ticket.Reference}')");
        await Assertions.Expect(page.Locator("#d-sla")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^SLA met: taken (1 min|2 min|[0-9]+ s) before its deadline$"));
    }
}
