using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Host.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>/login and /admin in headless Chromium (Debian's) over Kestrel: sign in, import a file, read the report.</summary>
[Collection(StaffPagesCollection.Name)]
public sealed class AdminBrowserTests(StaffPagesFixture staff) : SharedBrowserTests(staff.Chromium)
{
    private const string Password = StaffPagesFixture.Password;

    [Fact]
    public async Task An_admin_signs_in_imports_a_register_file_and_sees_the_bad_row()
    {
        var page = await staff.NewPageAsync();
        await page.GotoAsync(staff.Url + "/admin");
        Assert.Contains("/login", page.Url);
        await page.FillAsync("input[name=name]", "achieng");
        await page.FillAsync("input[name=password]", "wrong password!");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Wrong name or password", await page.TextContentAsync("[role=alert]"));

        await page.FillAsync("input[name=name]", "achieng");
        await page.FillAsync("input[name=password]", Password);
        await page.ClickAsync("button[type=submit]");
        await OnAdminPageAsync(page);
        await page.WaitForFunctionAsync("() => document.querySelector('#who').textContent.includes('achieng')");

        var csv = "type,number,holder_name,phone,centre,status,waiting_card_ref\n" +
                  "national_id,45000001,Mumbua Kilonzo,0724000001,nairobi-gpo,in_process,WC45\n" +
                  "national_id,45000002,Mumbua Kilonzo,0724000002,nairobi-gpo,lost,WC46\n";
        await page.SetInputFilesAsync("#import-form input[type=file]",
            new FilePayload { Name = "register.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.ClickAsync("#import-form button");
        await page.WaitForFunctionAsync("() => document.querySelector('#import-text').textContent.includes('finished')");
        Assert.Equal("1", await page.TextContentAsync("#import-report [data-k=created]"));
        Assert.Equal("1", await page.TextContentAsync("#import-report [data-k=refused]"));
        Assert.Contains("line 3: unknown status 'lost'", await page.TextContentAsync("#import-bad"));
        Assert.NotNull(await staff.Host.Services.GetRequiredService<IDocumentRegister>().FindAsync("national_id", "45000001"));
    }

    [Fact]
    public async Task An_admin_ticks_kiswahili_for_an_agent_and_the_account_keeps_it()
    {
        var accounts = staff.Host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("baraka", Roles.Agent, Password);
        var page = await SignedInAsync();

        var row = "#account-list tr[data-account='baraka']";
        await page.WaitForSelectorAsync(row);
        Assert.True(await page.IsCheckedAsync($"{row} input[value=en]"));
        Assert.False(await page.IsCheckedAsync($"{row} input[value=sw]"));
        await page.CheckAsync($"{row} input[value=sw]");
        await Eventually.WaitUntil(async () => (await accounts.GetAsync("baraka"))!.Languages.Contains("sw"), TimeSpan.FromSeconds(10), "Kiswahili saved");
        Assert.Equal(["en", "sw"], (await accounts.GetAsync("baraka"))!.Languages);

        // Unticking the last language is refused, and said so.
        await page.WaitForFunctionAsync("() => document.querySelector(\"#account-list tr[data-account='baraka'] input[value=sw]\").checked");
        await page.UncheckAsync($"{row} input[value=en]");
        await Eventually.WaitUntil(async () => (await accounts.GetAsync("baraka"))!.Languages.SequenceEqual(["sw"]), TimeSpan.FromSeconds(10), "English removed");
        await page.WaitForSelectorAsync($"{row} input[value=sw]");
        await page.UncheckAsync($"{row} input[value=sw]");
        await page.WaitForFunctionAsync("() => document.querySelector('#account-error').textContent.includes('at least one language')");
        Assert.Equal(["sw"], (await accounts.GetAsync("baraka"))!.Languages);
    }

    [Fact]
    public async Task An_empty_or_unreadable_file_after_a_good_import_shows_an_error_and_clears_the_old_report()
    {
        var page = await SignedInAsync();
        async Task UploadAsync(string csv) => await page.SetInputFilesAsync("#import-form input[type=file]",
            new FilePayload { Name = "register.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await UploadAsync("type,number,holder_name,phone,centre,status,waiting_card_ref\n" +
                          "national_id,46000001,Wairimu Gathoni,0724600001,nairobi-gpo,in_process,WC46\n" +
                          "national_id,46000002,Wairimu Gathoni,0724600002,nairobi-gpo,lost,WC46\n");
        await page.ClickAsync("#import-form button");
        await page.WaitForFunctionAsync("() => document.querySelector('#import-text').textContent.includes('finished')");
        Assert.True(await page.IsVisibleAsync("#import-report"));

        async Task AssertShownAsErrorAsync(string words)
        {
            var error = page.Locator("#import-status [role=alert]");
            await error.WaitForAsync();
            Assert.Contains(words, await error.TextContentAsync());
            var colour = await error.EvaluateAsync<string>("e => getComputedStyle(e).color");
            Assert.NotEqual("rgb(0, 0, 0)", colour);
            Assert.NotEqual("rgb(27, 27, 27)", colour); // the page's text colour
            Assert.False(await page.IsVisibleAsync("#import-report"), "the previous file's report is still shown");
            Assert.Equal(0, await page.Locator("#import-bad li").CountAsync());
            Assert.False(await page.IsVisibleAsync("#import-progress"), "a full progress bar beside a failure");
        }

        await UploadAsync("");
        await page.ClickAsync("#import-form button");
        await AssertShownAsErrorAsync("the file is empty");

        await UploadAsync("not,a,register\n1,2,3\n");
        await page.ClickAsync("#import-form button");
        await page.WaitForFunctionAsync("() => document.querySelector('#import-status [role=alert]')?.textContent.includes('Failed')");
        await AssertShownAsErrorAsync("Failed");
    }

    [Fact]
    public async Task A_campaign_started_in_the_quiet_hours_says_they_hold_it_until_08_00_and_empty_charts_say_no_data_yet()
    {
        // Tomorrow 22:00 in Nairobi (in the future, so the sign-in cookie is not already expired for the browser).
        var eat = TimeSpan.FromHours(3);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(
            new DateTimeOffset(DateTimeOffset.UtcNow.ToOffset(eat).Date.AddDays(1).AddHours(22), eat));
        // A host of its own: its clock is not the one the other tests' host keeps.
        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Demo:SeedRegister"] = "false", ["Reminders:SweepCron"] = "0 0 1 1 *" })
            { Overrides = s => s.AddSingleton<TimeProvider>(clock) };
        var url = host.StartOnKestrel();
        await host.Services.GetRequiredService<AccountStore>().SaveAsync("achieng", Roles.Admin, Password);
        await host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(new RegisteredDocument
        {
            Type = "national_id", Number = "48000001", HolderName = "Chebet Koech", Phones = ["+254726048001"], CentreId = "nairobi-gpo",
            Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC48", ReadyOn = DateOnly.FromDateTime(clock.GetUtcNow().DateTime).AddDays(-60),
        });

        var page = await SignedInAsync(url);
        var chart = page.Locator("#campaign-chart");
        await chart.WaitForAsync();
        Assert.Contains("no data yet", await chart.TextContentAsync());
        Assert.True(await chart.Locator("svg line").CountAsync() >= 2, "no axes");

        var longName = new string('n', 100); // the longest name allowed, unbroken: it must not widen the page
        await page.FillAsync("#campaign-form input[name=name]", longName);
        await page.ClickAsync("#campaign-form button");
        var row = page.Locator("#campaign-list tbody tr");
        await page.WaitForFunctionAsync("() => document.querySelector('#campaign-list tbody tr')?.textContent.includes('quiet hours')");
        var text = await row.TextContentAsync() ?? "";
        Assert.Contains("08:00", text);
        Assert.Contains(clock.GetUtcNow().ToOffset(eat).Date.AddDays(1).ToString("yyyy-MM-dd"), text);
        Assert.Contains("no data yet", await chart.TextContentAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the campaign's name widens the page");
    }

    /// <summary>
    /// After the sign-in click: waits for the admin page's own markup. WaitForURLAsync(Commit) waits for
    /// `load` instead when the redirect has already arrived (microsoft/playwright-dotnet#3365), and
    /// timed out that way at 30 s on a loaded machine.
    /// </summary>
    private async Task OnAdminPageAsync(IPage page, string? url = null)
    {
        await page.WaitForSelectorAsync("#campaign-form", new() { State = WaitForSelectorState.Attached });
        Assert.Equal((url ?? staff.Url) + "/admin", page.Url);
    }

    private async Task<IPage> SignedInAsync(string? url = null)
    {
        var page = await staff.SignedInAsync(StaffPagesFixture.Admin, "/admin", url);
        await OnAdminPageAsync(page, url);
        return page;
    }

    [Fact]
    public async Task An_admin_starts_a_campaign_for_the_backlog_and_watches_its_counts_and_chart()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var register = staff.Host.Services.GetRequiredService<IDocumentRegister>();
        foreach (var (number, readyDaysAgo) in new[] { ("47000001", 60), ("47000002", 45), ("47000003", 2) })
            await register.UpsertAsync(new RegisteredDocument
            {
                Type = "national_id", Number = number, HolderName = "Barasa Wekesa", Phones = ["+2547260" + number[^5..]], CentreId = "nairobi-gpo",
                Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC47", ReadyOn = today.AddDays(-readyDaysAgo),
            });

        var page = await SignedInAsync();
        await page.FillAsync("#campaign-form input[name=name]", "GPO backlog");
        await page.FillAsync("#campaign-form input[name=days]", "30");
        await page.SelectOptionAsync("#campaign-form select[name=centres]", ["nairobi-gpo"]);
        await page.ClickAsync("#campaign-form button");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#campaign-list tbody td')].some(td => td.textContent === 'running')");
        var row = await page.TextContentAsync("#campaign-list tbody tr");
        Assert.Contains("GPO backlog", row);

        // The sweep Hangfire runs every minute, run now.
        var report = await staff.Host.Services.GetRequiredService<ReminderSweep>().RunAsync();
        Assert.Equal(2, report.Sent);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#campaign-list tbody td')[3]?.textContent === '2'");
        Assert.Equal("2", await page.TextContentAsync("#campaign-list tbody td:nth-child(3)"));
        Assert.False(await page.IsHiddenAsync("#campaign-chart"));
        Assert.Equal(3, await page.Locator("#campaign-chart svg polyline").CountAsync());
    }
}
