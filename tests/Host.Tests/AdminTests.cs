using System.Net;
using System.Net.Http.Json;
using System.Text;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Admin;
using Huduma.Contact.Host.Commands;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>Staff sign-in, role boundaries, CSRF, and /admin's import and held reminders, through the real host on Redis.</summary>
public sealed class AdminTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private HudumaHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = HudumaHost.OnRedis(redis);
        var accounts = _host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("amina", Roles.Admin, Password);
        await accounts.SaveAsync("otieno", Roles.Agent, Password);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<StaffClient> SignedInAsync(string name)
    {
        var staff = StaffClient.Create(_host);
        var response = await staff.SignInAsync(name, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return staff;
    }

    [Fact]
    public async Task A_signed_in_agent_whose_account_is_disabled_or_given_another_role_is_refused_at_the_next_request()
    {
        var accounts = _host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("chepkoech", Roles.Agent, Password);
        var agent = await SignedInAsync("chepkoech");
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/agents/api/escalations")).StatusCode);

        await accounts.SetDisabledAsync("chepkoech", true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.Http.GetAsync("/agents/api/escalations")).StatusCode);
        var page = await agent.Http.GetAsync("/agents");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
        // Enabled again, the old cookie is gone: a new sign-in, which works.
        await accounts.SetDisabledAsync("chepkoech", false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.Http.GetAsync("/agents/api/escalations")).StatusCode);
        agent = await SignedInAsync("chepkoech");
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/agents/api/escalations")).StatusCode);

        // An admin made an agent keeps no admin page on the strength of an old cookie.
        await accounts.SaveAsync("mutua", Roles.Admin, Password);
        var admin = await SignedInAsync("mutua");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/admin/api/reminders")).StatusCode);
        await accounts.SaveAsync("mutua", Roles.Agent, Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.Http.GetAsync("/admin/api/reminders")).StatusCode);
    }

    [Fact]
    public async Task Staff_pages_and_apis_need_a_signed_in_admin()
    {
        var anonymous = StaffClient.Create(_host);
        var page = await anonymous.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/admin/api/reminders")).StatusCode);

        var agent = await SignedInAsync("otieno");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/admin/api/reminders")).StatusCode);
        Assert.StartsWith("/denied", (await agent.Http.GetAsync("/admin")).Headers.Location!.PathAndQuery);
        Assert.NotEqual(HttpStatusCode.OK, (await agent.Http.GetAsync("/hangfire")).StatusCode);

        var admin = await SignedInAsync("amina");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var accounts = _host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("kiprono", Roles.Agent, Password);
        var staff = StaffClient.Create(_host);
        for (var i = 0; i < AccountStore.MaxFailedSignIns; i++)
        {
            var wrong = await staff.SignInAsync("kiprono", "not the password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("Wrong name or password", await wrong.Content.ReadAsStringAsync());
        }
        var right = await staff.SignInAsync("kiprono", Password);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync());
        Assert.NotNull(await accounts.LockedUntilAsync("kiprono"));
    }

    [Fact]
    public async Task Forty_concurrent_wrong_passwords_through_the_form_lock_the_account_against_the_right_one()
    {
        var accounts = _host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("wafula", Roles.Agent, Password);
        var guesses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
            (await StaffClient.Create(_host).SignInAsync("wafula", "guess " + i)).StatusCode));
        Assert.All(guesses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));

        var right = await StaffClient.Create(_host).SignInAsync("wafula", Password);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task Refusals_for_an_unknown_name_a_wrong_password_a_locked_and_a_disabled_account_read_the_same()
    {
        var accounts = _host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("chebet", Roles.Agent, Password);
        await accounts.SaveAsync("locked-out", Roles.Agent, Password);
        await accounts.SaveAsync("gone", Roles.Agent, Password);
        await accounts.SetDisabledAsync("gone", true);
        var staff = StaffClient.Create(_host);
        for (var i = 0; i < AccountStore.MaxFailedSignIns; i++) await staff.SignInAsync("locked-out", "not the password");

        async Task<(HttpStatusCode, string)> RefusalAsync(string name, string password)
        {
            var response = await staff.SignInAsync(name, password);
            var body = await response.Content.ReadAsStringAsync();
            // Only the anti-forgery token differs from one page to the next.
            return (response.StatusCode, System.Text.RegularExpressions.Regex.Replace(body, "(<input type=\"hidden\" name=\"[^\"]+\" value=\")[^\"]+\"", "$1token\""));
        }

        var unknown = await RefusalAsync("nobody-here", "not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Item1);
        Assert.Equal(unknown, await RefusalAsync("chebet", "not the password"));
        Assert.Equal(unknown, await RefusalAsync("locked-out", Password));
        Assert.Equal(unknown, await RefusalAsync("gone", Password));
    }

    [Fact]
    public async Task A_sign_in_without_the_forms_anti_forgery_token_is_refused()
    {
        var staff = StaffClient.Create(_host);
        var response = await staff.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "amina", ["password"] = Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.Http.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Changes_through_the_admin_api_need_the_csrf_token()
    {
        var admin = await SignedInAsync("amina");
        var without = await admin.PostJsonAsync("/admin/api/accounts", new { name = "njeri", role = "agent", password = Password }, csrf: null);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Null(await _host.Services.GetRequiredService<AccountStore>().GetAsync("njeri"));

        var with = await admin.PostJsonAsync("/admin/api/accounts", new { name = "njeri", role = "agent", password = Password }, await admin.CsrfAsync());
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Equal(Roles.Agent, (await _host.Services.GetRequiredService<AccountStore>().GetAsync("njeri"))?.Role);

        var weak = await admin.PostJsonAsync("/admin/api/accounts", new { name = "short", role = "agent", password = "123" }, await admin.CsrfAsync());
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
    }

    [Fact]
    public async Task An_admin_uploads_a_register_file_and_watches_it_to_the_report()
    {
        var admin = await SignedInAsync("amina");
        var csv = "type,number,holder_name,phone,centre,status,waiting_card_ref\n" +
                  string.Join("\n", Enumerable.Range(1, 300).Select(i => $"national_id,{43_000_000 + i},Holder {i},07230{i:D5},nairobi-gpo,in_process,WC{i}")) +
                  "\nnational_id,43999999,Holder,0723099999,nowhere,ready,WC9\n";
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "register.csv" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/imports") { Content = form };
        request.Headers.Add("X-CSRF-TOKEN", await admin.CsrfAsync());
        var started = await (await admin.Http.SendAsync(request)).Content.ReadFromJsonAsync<ImportStatus>();
        Assert.NotNull(started);

        ImportStatus? status = null;
        for (var i = 0; i < 300 && status?.State is null or "running"; i++, await Task.Delay(100))
            status = await admin.Http.GetFromJsonAsync<ImportStatus>($"/admin/api/imports/{started.Id}");
        Assert.Equal("done", status?.State);
        Assert.Equal((301, 300), (status!.Report!.Rows, status.Report.Created));
        var bad = Assert.Single(status.Report.Bad);
        Assert.Equal(302, bad.Line);
        Assert.Contains("unknown centre", bad.Reason);
        Assert.NotNull(await _host.Services.GetRequiredService<IDocumentRegister>().FindAsync("national_id", "43000300"));
    }

    [Fact]
    public async Task A_reminder_whose_fate_is_unknown_shows_masked_and_an_admin_can_resend_it()
    {
        var store = _host.Services.GetRequiredService<IReminderStore>();
        var reminder = new DueReminder("national_id:44000001", 0);
        var now = DateTimeOffset.UtcNow;
        await store.ScheduleAsync(reminder, now);
        await store.LeaseAsync(now, 1000, now.AddMinutes(5));
        await store.SetRecordAsync(reminder, new ReminderRecord(ReminderMark.Unknown, 1, now, "sms-x", "fate unknown"));
        await store.HoldAsync(reminder);

        var admin = await SignedInAsync("amina");
        var json = await admin.Http.GetStringAsync("/admin/api/reminders");
        Assert.Contains("44****01", json);
        Assert.DoesNotContain("44000001", json.Replace(reminder.Member, ""));
        var resend = await admin.PostJsonAsync($"/admin/api/reminders/held/{Uri.EscapeDataString(reminder.Member)}/resend", new { }, await admin.CsrfAsync());
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        Assert.Empty(await store.HeldAsync(100));
        Assert.Equal(ReminderMark.Failed, (await store.GetRecordAsync(reminder))?.Mark); // claimable again by the next sweep
        Assert.True(await store.IsQueuedAsync(reminder.DocumentKey));
    }

    [Fact]
    public async Task A_campaign_name_longer_than_the_limit_is_refused_with_400_and_not_stored()
    {
        var admin = await SignedInAsync("amina");
        var csrf = await admin.CsrfAsync();
        var response = await admin.PostJsonAsync("/admin/api/campaigns", new { name = new string('x', 5000), readyForAtLeastDays = 30 }, csrf);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"at most {Campaigns.MaxNameLength} characters", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(new string('x', 100), await admin.Http.GetStringAsync("/admin/api/campaigns"));

        var fits = await admin.PostJsonAsync("/admin/api/campaigns", new { name = new string('y', Campaigns.MaxNameLength), readyForAtLeastDays = 30 }, csrf);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Fact]
    public async Task An_account_saved_with_a_display_name_lists_it_and_keeps_it_when_changed_without_one()
    {
        var admin = await SignedInAsync("amina");
        var csrf = await admin.CsrfAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/admin/api/accounts",
            new { name = "njeri", role = "agent", password = Password, displayName = "Njeri Wambui" }, csrf)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/admin/api/accounts",
            new { name = "njeri", role = "supervisor", password = Password }, csrf)).StatusCode);
        Assert.Equal("Njeri Wambui", (await _host.Services.GetRequiredService<AccountStore>().GetAsync("njeri"))?.DisplayName);
        Assert.Contains("\"displayName\":\"Njeri Wambui\"", await admin.Http.GetStringAsync("/admin/api/accounts"));
        var tooLong = await admin.PostJsonAsync("/admin/api/accounts", new { name = "njeri", role = "agent", password = Password, displayName = new string('n', 500) }, csrf);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task An_agent_works_in_english_until_an_admin_sets_their_languages_and_unknown_or_no_languages_are_refused()
    {
        var admin = await SignedInAsync("amina");
        var csrf = await admin.CsrfAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/admin/api/accounts", new { name = "wekesa", role = "agent", password = Password }, csrf)).StatusCode);
        var accounts = _host.Services.GetRequiredService<AccountStore>();
        Assert.Equal(["en"], (await accounts.GetAsync("wekesa"))!.Languages);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/admin/api/accounts/wekesa/languages", new { languages = new[] { "sw", "en", "sw" } }, csrf)).StatusCode);
        Assert.Equal(["sw", "en"], (await accounts.GetAsync("wekesa"))!.Languages);
        Assert.Contains("\"languages\":[\"sw\",\"en\"]", await admin.Http.GetStringAsync("/admin/api/accounts"));

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostJsonAsync("/admin/api/accounts/wekesa/languages", new { languages = new[] { "fr" } }, csrf)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostJsonAsync("/admin/api/accounts/wekesa/languages", new { languages = Array.Empty<string>() }, csrf)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostJsonAsync("/admin/api/accounts/nobody/languages", new { languages = new[] { "en" } }, csrf)).StatusCode);
        Assert.Equal(["sw", "en"], (await accounts.GetAsync("wekesa"))!.Languages);
        // Made with languages in the same request (the admin page's form).
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/admin/api/accounts",
            new { name = "akinyi", role = "agent", password = Password, languages = new[] { "sw" } }, csrf)).StatusCode);
        Assert.Equal(["sw"], (await accounts.GetAsync("akinyi"))!.Languages);
    }

    [Fact]
    public async Task The_create_admin_command_sets_a_display_name()
    {
        var console = TextConsole.Create(new StringWriter());
        Assert.Equal(0, await CreateAdminCommand.RunAsync(_host.Services, ["create-admin", "--display-name", "Halima Abdi", "halima"], console));
        var account = await _host.Services.GetRequiredService<AccountStore>().GetAsync("halima");
        Assert.Equal(("halima", "Halima Abdi"), (account?.Name, account?.DisplayName));
    }

    [Fact]
    public async Task The_create_admin_command_makes_an_admin_who_can_sign_in()
    {
        var output = new StringWriter();
        var console = TextConsole.Create(output);
        Assert.Equal(0, await CreateAdminCommand.RunAsync(_host.Services, ["create-admin", "wafula"], console));
        var password = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"shown once\): (\S+)").Groups[1].Value;
        Assert.NotEmpty(password);
        var staff = StaffClient.Create(_host);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync("wafula", password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.Http.GetAsync("/admin")).StatusCode);
        Assert.Equal(2, await CreateAdminCommand.RunAsync(_host.Services, ["create-admin"], console));
    }
}
