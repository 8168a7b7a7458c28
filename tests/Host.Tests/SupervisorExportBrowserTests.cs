using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>The supervisors' dashboard in headless Chromium over Kestrel on Redis: any days' figures per agent, and the CSV export downloaded.</summary>
[Collection(SupervisorDashboardCollection.Name)]
public sealed class SupervisorExportBrowserTests(SupervisorDashboardFixture dashboards) : SharedBrowserTests(dashboards.Chromium)
{
    private const string Phone = "+254722000461", IdNumber = "31234461";

    [Fact]
    public async Task A_supervisor_sees_an_agents_figures_and_downloads_a_masked_csv_export_that_the_audit_then_shows()
    {
        var store = dashboards.Host.Services.GetRequiredService<IEscalationStore>();
        var desk = dashboards.Host.Services.GetRequiredService<EscalationDesk>();
        var said = new TranscriptLine(DateTimeOffset.UtcNow, "citizen", $"Mimi ni Wanjiku, ID {IdNumber}, simu 0722000461");
        var ticket = await store.CreateAsync(new NewEscalation("sms", Phone, "sw", "sms-agent", ["sms:agent"], "national_id", IdNumber) { Transcript = [said] });
        var other = await store.CreateAsync(new NewEscalation("ussd", "+254722000462", "en", "callback", ["main:4"]));
        foreach (var t in new[] { ticket, other })
        {
            await desk.ClaimAsync(t.Reference, "amina");
            await desk.ResolveAsync(t.Reference, "amina", "answered");
        }
        await desk.RateAsync(ticket.Reference, 4);
        var today = NairobiDay.Of(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd");

        var page = await dashboards.SignedInAsync(SupervisorDashboardFixture.Supervisor, "/agents/dashboard", options: new() { AcceptDownloads = true });
        await page.FillAsync("#range-from", today);
        await page.FillAsync("#range-to", today);
        await page.ClickAsync("#range-show");
        await page.WaitForSelectorAsync($"body[data-range-ready='{today}..{today}']");
        Assert.Equal(["amina", "2", "0 s", "1", "4.00", "0"], await page.Locator("#range-agents tr[data-agent=amina] td").AllTextContentsAsync());

        await page.SelectOptionAsync("#export-channel", "sms");
        await page.FillAsync("#export-agent", "amina");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        Assert.Equal($"huduma-tickets-{today}-to-{today}.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        var rows = await SupervisorRangeTests.CsvRowsAsync(csv);
        Assert.Equal(2, rows.Count); // the header and the SMS ticket: the USSD one is filtered out
        Assert.Equal((ticket.Reference, "'" + Mask.Phone(Phone), Mask.Number(IdNumber)), (rows[1][0], rows[1][12], rows[1][14]));
        Assert.DoesNotContain(IdNumber, csv);
        Assert.DoesNotContain("0722000461", csv);
        Assert.DoesNotContain(Phone[1..], csv);
        Assert.DoesNotContain("Wanjiku", csv);

        // The export is in the audit on the same page: who, what, which days and filter.
        await page.ClickAsync("#audit-range button[type=submit]");
        var exported = page.Locator("#audit-table tr[data-what=export][data-who=mwangi]");
        await exported.First.WaitForAsync();
        var cells = await exported.First.Locator("td").AllTextContentsAsync();
        Assert.Equal(("exported", $"tickets {today}..{today}", "channel=sms, agent=amina, centre=all"), (cells[2], cells[3], cells[4]));
    }
}
