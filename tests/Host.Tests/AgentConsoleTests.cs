using System.Net;
using System.Net.Http.Json;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>The agent console's API boundaries: signed in with the agent role, anti-forgery token on every change.</summary>
public sealed class AgentConsoleTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private sealed record Csrf(string Token, string Name);

    [Fact]
    public async Task The_console_needs_a_signed_in_agent_and_the_anti_forgery_token_and_acts_as_that_agent()
    {
        await using var host = HudumaHost.OnRedis(redis);
        await host.Services.GetRequiredService<AccountStore>().SaveAsync("wanjiru", Roles.Agent, "wanjiru's password");
        var ticket = await host.Services.GetRequiredService<IEscalationStore>().CreateAsync(
            new NewEscalation("sms", "+254722000111", "sw", "sms-agent", ["sms:nipigie"]));

        var anonymous = StaffClient.Create(host);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/agents/api/escalations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsync("/agents/hub/negotiate?negotiateVersion=1", null)).StatusCode);
        var page = await anonymous.Http.GetAsync("/agents");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/login", page.Headers.Location!.ToString());

        var agent = StaffClient.Create(host);
        Assert.Equal(HttpStatusCode.Redirect, (await agent.SignInAsync("wanjiru", "wanjiru's password")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/agents")).StatusCode);
        var first = await agent.Http.GetAsync("/agents/api/escalations?max=1");
        Assert.Single((await first.Content.ReadFromJsonAsync<List<EscalationView>>())!);
        Assert.Equal((await host.Services.GetRequiredService<IEscalationStore>().CountAsync("open")).ToString(), first.Headers.GetValues("X-Total-Count").Single());
        var queue = await agent.Http.GetFromJsonAsync<List<EscalationView>>("/agents/api/escalations");
        var listed = Assert.Single(queue!, t => t.Reference == ticket.Reference);
        Assert.Equal("+254722***111", listed.Phone); // masked (Mask.Phone)

        // A change without the token is refused; with it, the signed-in agent claims (whatever the body says).
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostJsonAsync($"/agents/api/escalations/{ticket.Reference}/claim", new { }, null)).StatusCode);
        var csrf = (await agent.Http.GetFromJsonAsync<Csrf>("/agents/api/csrf"))!;
        Assert.Equal("wanjiru", csrf.Name);
        var claimed = await agent.PostJsonAsync($"/agents/api/escalations/{ticket.Reference}/claim", new { agent = "someone-else" }, csrf.Token);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("wanjiru", (await host.Services.GetRequiredService<IEscalationStore>().GetAsync(ticket.Reference))!.Agent);

        // Transfer on the console: only to an active agent account.
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostJsonAsync($"/agents/api/escalations/{ticket.Reference}/transfer", new { to = "nobody" }, csrf.Token)).StatusCode);

        // Revealing the phone number is for the agent holding the ticket, and audited for supervisors only.
        var revealed = await agent.PostJsonAsync($"/agents/api/escalations/{ticket.Reference}/reveal", new { }, csrf.Token);
        Assert.Equal("+254722000111", (await revealed.Content.ReadFromJsonAsync<Revealed>())!.Phone);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/agents/api/audit")).StatusCode);
        await host.Services.GetRequiredService<AccountStore>().SaveAsync("mwangi", Roles.Supervisor, "mwangi's password");
        var supervisor = StaffClient.Create(host);
        await supervisor.SignInAsync("mwangi", "mwangi's password");
        var audit = await supervisor.Http.GetFromJsonAsync<AuditPage>("/agents/api/audit?size=500");
        Assert.Contains(audit!.Entries, r => (r.Who, r.What, r.Subject, r.Detail) == ("wanjiru", "numbers", ticket.Reference, "phone"));

        // A supervisor who does not hold the ticket cannot reveal it.
        var supervisorCsrf = (await supervisor.Http.GetFromJsonAsync<Csrf>("/agents/api/csrf"))!;
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostJsonAsync($"/agents/api/escalations/{ticket.Reference}/reveal", new { }, supervisorCsrf.Token)).StatusCode);
    }

    [Fact]
    public async Task Every_staff_page_and_api_answers_each_role_as_it_should()
    {
        await using var host = HudumaHost.OnRedis(redis);
        var accounts = host.Services.GetRequiredService<AccountStore>();
        const string password = "a password for the matrix";
        var clients = new Dictionary<string, StaffClient> { ["anonymous"] = StaffClient.Create(host) };
        foreach (var role in new[] { Roles.Agent, Roles.Supervisor, Roles.Admin })
        {
            var name = "matrix-" + role + Guid.NewGuid().ToString("N")[..6];
            await accounts.SaveAsync(name, role, password);
            clients[role] = StaffClient.Create(host);
            await clients[role].SignInAsync(name, password);
        }
        // For anonymous, agent, supervisor, admin: "login" and "denied" are redirects to those pages.
        var expected = new (string Path, string[] Answers)[]
        {
            ("/agents", ["login", "200", "200", "200"]),
            ("/agents/api/escalations", ["401", "200", "200", "200"]),
            ("/agents/api/csrf", ["401", "200", "200", "200"]),
            ("/agents/api/canned", ["401", "200", "200", "200"]),
            ("/agents/dashboard", ["login", "denied", "200", "200"]),
            ("/agents/api/dashboard", ["401", "403", "200", "200"]),
            ("/agents/api/audit", ["401", "403", "200", "200"]),
            ("/admin", ["login", "denied", "denied", "200"]),
            ("/admin/api/accounts", ["401", "403", "403", "200"]),
            ("/admin/api/reminders", ["401", "403", "403", "200"]),
            ("/admin/api/voice-audio", ["401", "403", "403", "200"]),
        };
        var wrong = new List<string>();
        foreach (var (path, answers) in expected)
            foreach (var (role, i) in new[] { "anonymous", Roles.Agent, Roles.Supervisor, Roles.Admin }.Select((r, i) => (r, i)))
            {
                var response = await clients[role].Http.GetAsync(path);
                var got = response.StatusCode == HttpStatusCode.Redirect
                    ? response.Headers.Location!.OriginalString.Contains("/login") ? "login" : response.Headers.Location.OriginalString.Contains("/denied") ? "denied" : "redirect"
                    : ((int)response.StatusCode).ToString();
                if (got != answers[i]) wrong.Add($"{role} GET {path}: {got}, expected {answers[i]}");
            }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private sealed record Revealed(string? Phone, string? DocumentNumber);
    private sealed record Canned(string Id, string En, string Sw);

    [Fact]
    public async Task An_sms_ticket_shows_the_thread_the_agent_answers_from_canned_replies_and_logs_call_backs()
    {
        await using var host = HudumaHost.OnRedis(redis);
        await host.Services.GetRequiredService<AccountStore>().SaveAsync("wanjiru", Roles.Agent, "wanjiru's password");
        var phone = "+254733" + Random.Shared.Next(100_000, 999_999);
        var sms = host.CreateClient();
        async Task TextAsync(string text) => (await sms.PostAsync("/sms/africastalking/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = phone, ["to"] = "1919", ["text"] = text, ["date"] = "2026-11-27 10:00:00", ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"),
        }))).EnsureSuccessStatusCode();
        await TextAsync("kituo Kisumu");
        await TextAsync("WAKALA nimepoteza kitambulisho changu");
        var store = host.Services.GetRequiredService<IEscalationStore>();
        var ticket = Assert.Single(await store.ListOpenAsync(10_000), t => t.Msisdn == phone);

        var agent = StaffClient.Create(host);
        await agent.SignInAsync("wanjiru", "wanjiru's password");
        var csrf = (await agent.Http.GetFromJsonAsync<Csrf>("/agents/api/csrf"))!;
        var at = $"/agents/api/escalations/{ticket.Reference}";
        await agent.PostJsonAsync($"{at}/claim", new { }, csrf.Token);

        // What the citizen texted before asking for a person is on the ticket.
        var detail = (await agent.Http.GetFromJsonAsync<EscalationDetail>(at))!;
        Assert.Equal("kituo Kisumu", detail.Escalation.Transcript[0].Text);
        Assert.Contains(detail.Escalation.Transcript, l => l.From == "bot" && l.Text.Contains("Kisumu"));

        // A canned reply in the citizen's language (Kiswahili), sent by SMS, then the citizen's answer: both in the thread.
        var canned = (await agent.Http.GetFromJsonAsync<List<Canned>>("/agents/api/canned"))!;
        var ask = Assert.Single(canned, c => c.Id == "ask-number");
        Assert.All(canned, c => Assert.False(string.IsNullOrWhiteSpace(c.En) || string.IsNullOrWhiteSpace(c.Sw), c.Id));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"{at}/reply", new { text = ask.Sw }, csrf.Token)).StatusCode);
        await TextAsync("12345678");
        detail = (await agent.Http.GetFromJsonAsync<EscalationDetail>(at))!;
        Assert.Equal(["agent", "citizen"], detail.Messages.Where(m => m.From != "bot").Select(m => m.From).TakeLast(2));
        Assert.Equal(ask.Sw, detail.Messages.Last(m => m.From == "agent").Text);
        Assert.Equal("12345678", detail.Messages.Last(m => m.From == "citizen").Text);

        // Call-back outcomes: a known outcome only; recorded on the ticket, which stays the agent's.
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostJsonAsync($"{at}/call", new { outcome = "maybe" }, csrf.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostJsonAsync($"{at}/call", new { outcome = "no-answer" }, null)).StatusCode); // no anti-forgery token
        var called = await agent.PostJsonAsync($"{at}/call", new { outcome = "no-answer", text = "rang twice" }, csrf.Token);
        var view = (await called.Content.ReadFromJsonAsync<EscalationView>())!;
        Assert.Equal(("wanjiru", "no-answer", "rang twice"), (view.Calls[0].Agent, view.Calls[0].Outcome, view.Calls[0].Note));
        Assert.Equal("claimed", view.Status);

        // Without the agent role, no canned replies.
        Assert.Equal(HttpStatusCode.Unauthorized, (await StaffClient.Create(host).Http.GetAsync("/agents/api/canned")).StatusCode);
    }

    [Fact]
    public async Task A_chat_ticket_has_no_number_to_call_and_only_its_holder_logs_calls()
    {
        await using var host = HudumaHost.OnRedis(redis, AgentKeys.Settings(":", "amina", "otieno"));
        var store = host.Services.GetRequiredService<IEscalationStore>();
        var chat = await store.CreateAsync(new NewEscalation("chat", null, "en", "chat-handoff", []) { ConversationId = "c-" + Guid.NewGuid().ToString("N") });
        var ussd = await store.CreateAsync(new NewEscalation("ussd", "+254722000777", "en", "callback", ["main:4"]));
        var api = host.CreateClient();
        await api.PostAsNamedAgentAsync($"/api/agents/escalations/{chat.Reference}/claim", new { agent = "amina" });
        await api.PostAsNamedAgentAsync($"/api/agents/escalations/{ussd.Reference}/claim", new { agent = "amina" });
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsNamedAgentAsync($"/api/agents/escalations/{chat.Reference}/call", new { agent = "amina", outcome = "reached" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsNamedAgentAsync($"/api/agents/escalations/{ussd.Reference}/call", new { agent = "otieno", outcome = "reached" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsNamedAgentAsync($"/api/agents/escalations/{ussd.Reference}/call", new { agent = "amina", outcome = "reached" })).StatusCode);
        Assert.Single((await store.GetAsync(ussd.Reference))!.Calls);
    }

    [Fact]
    public async Task The_supervisors_dashboard_counts_the_queue_now_and_today_per_channel()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.Zero)); // 09:00 in Nairobi
        await using var host = new HudumaHost(new Dictionary<string, string?>()) { Overrides = s => s.AddSingleton<TimeProvider>(clock) };
        var store = host.Services.GetRequiredService<IEscalationStore>();
        var desk = host.Services.GetRequiredService<EscalationDesk>();
        var chat = await store.CreateAsync(new NewEscalation("chat", null, "en", "chat-handoff", []));
        clock.Advance(TimeSpan.FromSeconds(30));
        await desk.ClaimAsync(chat.Reference, "amina");
        clock.Advance(TimeSpan.FromSeconds(120));
        await desk.ResolveAsync(chat.Reference, "amina", "answered");
        await desk.RateAsync(chat.Reference, 4);
        var left = await store.CreateAsync(new NewEscalation("chat", null, "sw", "chat-handoff", []));
        await desk.WithdrawAsync(left.Reference);
        await store.CreateAsync(new NewEscalation("sms", "+254722000999", "sw", "sms-agent", []));
        // Three USSD sessions today, one of which asked for a call back: the bot handled two alone.
        var ussd = host.CreateClient();
        for (var i = 0; i < 3; i++)
            (await ussd.PostAsync("/ussd/africastalking", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["sessionId"] = $"ATUid_dash{i}", ["serviceCode"] = "*384*1919#", ["phoneNumber"] = $"+25472200080{i}", ["text"] = "",
            }))).EnsureSuccessStatusCode();
        await store.CreateAsync(new NewEscalation("ussd", "+254722000800", "en", "callback", ["main:4"]));
        // One phone call today, 60 s long.
        foreach (var active in new[] { "1", "0" })
            (await ussd.PostAsync("/voice/africastalking", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["sessionId"] = "ATVId_dash", ["isActive"] = active, ["callerNumber"] = "+254722000802", ["durationInSeconds"] = "60", ["hangupCause"] = "NORMAL_CLEARING",
            }))).EnsureSuccessStatusCode();
        // One document collected today.
        var updates = host.Services.GetRequiredService<Huduma.Contact.Core.Register.DocumentUpdates>();
        await updates.ApplyAsync(new Huduma.Contact.Core.Register.RegisteredDocument
        {
            Type = "national_id", Number = "31234567", HolderName = "Achieng Ouma", Phones = ["+254722000801"], CentreId = "nairobi-gpo",
            Status = Huduma.Contact.Core.Register.DocumentStatus.ReadyForCollection, WaitingCardRef = "WC9", AppliedOn = new DateOnly(2026, 10, 1),
        });
        await updates.ApplyAsync(new Huduma.Contact.Core.Register.RegisteredDocument
        {
            Type = "national_id", Number = "31234567", HolderName = "Achieng Ouma", Phones = ["+254722000801"], CentreId = "nairobi-gpo",
            Status = Huduma.Contact.Core.Register.DocumentStatus.Collected, WaitingCardRef = "WC9", AppliedOn = new DateOnly(2026, 10, 1),
        });
        clock.Advance(TimeSpan.FromSeconds(60));

        await host.Services.GetRequiredService<AccountStore>().SaveAsync("mwangi", Roles.Supervisor, "mwangi's password");
        await host.Services.GetRequiredService<AccountStore>().SaveAsync("otieno", Roles.Agent, "otieno's password");
        var agent = StaffClient.Create(host);
        await agent.SignInAsync("otieno", "otieno's password");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/agents/api/dashboard")).StatusCode);

        var supervisor = StaffClient.Create(host);
        await supervisor.SignInAsync("mwangi", "mwangi's password");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.Http.GetAsync("/agents/dashboard")).StatusCode);
        var figures = (await supervisor.Http.GetFromJsonAsync<DashboardFigures>("/agents/api/dashboard"))!;
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.FromHours(3)), figures.DayStarted);
        Assert.Equal(new ChannelNow("sms", 1, 60, 0), figures.Now.Single(c => c.Channel == "sms"));
        Assert.Equal(new ChannelToday("chat", 1, 1, 30, 120, 1, 4, 0, 2, null), figures.Today.Single(c => c.Channel == "chat"));
        Assert.Equal((3L, 1, 0.667), figures.Today.Single(c => c.Channel == "ussd") is var u ? (u.Conversations, u.Escalated, u.BotShare!.Value) : default);
        Assert.Equal([0, 0, 0, 1, 0], figures.RatingCounts);
        Assert.Equal(SupervisorDashboard.ReminderDays, figures.Reminders.Count);
        Assert.Equal(new ReminderDay("2026-11-27", 0, 1), figures.Reminders[^1]);
        Assert.Equal((1, 0, 60.0), (figures.Voice.Calls, figures.Voice.Transferred, figures.Voice.AverageSeconds));
        Assert.Equal(1, figures.Voice.ByStatus["NORMAL_CLEARING"]);
        Assert.Equal(1L, figures.Today.Single(c => c.Channel == "voice").Conversations);
    }
}
