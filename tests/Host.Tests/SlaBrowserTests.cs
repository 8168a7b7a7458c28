using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// An SLA breach in headless Chromium over Kestrel on Redis, on the real clock with a chat's target of 10 s: the
/// queue row counts down and then says breached, the supervisor's console is told, and the dashboard shows it.
/// </summary>
[Collection(SupervisorDashboardCollection.Name)]
public sealed class SlaBrowserTests(SupervisorDashboardFixture dashboards) : SharedBrowserTests(dashboards.Chromium)
{
    [Fact]
    public async Task An_SLA_breach_shows_on_the_dashboard_and_on_the_supervisors_console()
    {
        var console = await dashboards.SignedInAsync(SupervisorDashboardFixture.Supervisor, "/agents");
        var dashboard = await console.Context.NewPageAsync();
        await dashboard.GotoAsync(dashboards.Url + "/agents/dashboard"); // signed in already: the same browser
        await dashboard.WaitForSelectorAsync("body[data-ready='true']");
        await dashboard.WaitForSelectorAsync("body[data-sla-ready]");
        Assert.Equal(["chat", "10 s", "0", "0"], await dashboard.Locator("#sla-breaches tr[data-channel=chat] td").AllTextContentsAsync());

        var ticket = await dashboards.Host.Services.GetRequiredService<IEscalationStore>().CreateAsync(new NewEscalation("chat", null, "en", "handoff", []));
        var row = console.Locator($"#queue li[data-reference={ticket.Reference}] .sla");
        await Assertions.Expect(row).ToContainTextAsync("left");

        // Past the deadline: the row says so, the supervisor's console is told at once, the dashboard at its next refresh.
        await Assertions.Expect(row).ToContainTextAsync("SLA breached", new() { Timeout = 20_000 });
        await Assertions.Expect(console.Locator($"#sla-alerts li[data-reference={ticket.Reference}]")).ToContainTextAsync("(chat) not taken by",
            new() { Timeout = 10_000 });
        await Assertions.Expect(dashboard.Locator($"#sla-overdue tr[data-reference={ticket.Reference}]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(dashboard.Locator("#sla-breaches tr[data-channel=chat] td").Nth(2)).ToHaveTextAsync("1");
        Assert.Equal("1", await dashboard.Locator("#sla-count").TextContentAsync());
    }
}
