using System.Net;
using System.Net.Http.Json;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Every staff view of a citizen's personal data is audited (who, what, when, from where), over real HTTP on
/// Redis, and only supervisors and admins read the audit.
/// </summary>
public sealed class PersonalDataAuditTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "a password for the audit";
    private const string Phone = "+254722000431", IdNumber = "31234431";
    private sealed record Csrf(string Token, string Name);

    private static async Task<StaffClient> SignedInAsync(HudumaHost host, string name, string role)
    {
        await host.Services.GetRequiredService<AccountStore>().SaveAsync(name, role, Password);
        var client = StaffClient.Create(host);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(name, Password)).StatusCode);
        return client;
    }

    [Fact]
    public async Task Opening_a_ticket_revealing_its_numbers_and_reading_it_by_key_are_each_audited_without_the_numbers()
    {
        await using var host = HudumaHost.OnRedis(redis, AgentKeys.Settings(":", "otieno"));
        var store = host.Services.GetRequiredService<IEscalationStore>();
        var sms = await store.CreateAsync(new NewEscalation("sms", Phone, "sw", "sms-agent", ["sms:agent"], "national_id", IdNumber));
        var chat = await store.CreateAsync(new NewEscalation("ussd", "+254722000433", "en", "callback", ["main:4"]));

        // On the console: claimed, opened (the page refreshes it every two seconds: one view), numbers revealed.
        var agent = await SignedInAsync(host, "wanjiru", Roles.Agent);
        var csrf = (await agent.Http.GetFromJsonAsync<Csrf>("/agents/api/csrf"))!;
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/agents/api/escalations/{sms.Reference}/claim", new { }, csrf.Token)).StatusCode);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync($"/agents/api/escalations/{sms.Reference}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/agents/api/escalations/{sms.Reference}/reveal", new { }, csrf.Token)).StatusCode);
        // With Otieno's key: a USSD ticket's transcript, read as the key's agent.
        var api = host.CreateClient().Using("otieno");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/agents/escalations/{chat.Reference}")).StatusCode);

        // Agents cannot read the audit; supervisors and admins can.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/agents/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await StaffClient.Create(host).Http.GetAsync("/agents/api/audit")).StatusCode);
        var admin = await SignedInAsync(host, "achieng", Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/agents/api/audit")).StatusCode);
        var supervisor = await SignedInAsync(host, "mwangi", Roles.Supervisor);
        var raw = await supervisor.Http.GetStringAsync("/agents/api/audit?size=500");
        var audit = System.Text.Json.JsonSerializer.Deserialize<AuditPage>(raw, System.Text.Json.JsonSerializerOptions.Web)!;
        var mine = audit.Entries.Where(e => e.Subject == sms.Reference || e.Subject == chat.Reference).ToList();

        var opened = Assert.Single(mine, e => e.What == PersonalDataKinds.SmsThread);
        Assert.Equal(("wanjiru", "console", "sms +254722***431"), (opened.Who, opened.Via, opened.Detail));
        var revealed = Assert.Single(mine, e => e.What == PersonalDataKinds.Numbers);
        Assert.Equal(("wanjiru", sms.Reference, "phone, document-number"), (revealed.Who, revealed.Subject, revealed.Detail));
        var byKey = Assert.Single(mine, e => e.What == PersonalDataKinds.Transcript);
        Assert.Equal(("otieno", "api-key", chat.Reference), (byKey.Who, byKey.Via, byKey.Subject));
        // Newest first, and when: today, by the host's clock.
        Assert.Equal(mine.OrderByDescending(e => e.At).Select(e => e.Id), mine.Select(e => e.Id));
        Assert.All(mine, e => Assert.InRange(e.At, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow));
        // The audit names the ticket, never the numbers seen.
        Assert.DoesNotContain(Phone, raw);
        Assert.DoesNotContain(IdNumber, raw);

        // A date range without those days holds none of them; pages of one run newest first.
        var yesterday = NairobiDay.Of(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd");
        var before = (await supervisor.Http.GetFromJsonAsync<AuditPage>($"/agents/api/audit?from={yesterday}&to={yesterday}"))!;
        Assert.DoesNotContain(before.Entries, e => e.Subject == sms.Reference);
        var second = (await supervisor.Http.GetFromJsonAsync<AuditPage>("/agents/api/audit?size=1&page=2"))!;
        Assert.Equal(audit.Entries[1].Id, Assert.Single(second.Entries).Id);
        Assert.Equal(audit.Total, second.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.Http.GetAsync($"/agents/api/audit?from=2026-12-02&to=2026-12-01")).StatusCode);
    }

    [Fact]
    public async Task A_key_acts_only_as_its_bound_agent_and_a_body_naming_another_is_refused()
    {
        await using var host = HudumaHost.OnRedis(redis, AgentKeys.Settings(":", "amina", "otieno"));
        var ticket = await host.Services.GetRequiredService<IEscalationStore>().CreateAsync(new NewEscalation("ussd", "+254722000432", "en", "callback", ["main:4"]));
        var amina = host.CreateClient().Using("amina");

        var refused = await amina.PostAsJsonAsync($"/api/agents/escalations/{ticket.Reference}/claim", new { agent = "otieno" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("bound to agent 'amina'", await refused.Content.ReadAsStringAsync());
        // Without a name, or with its own, the key acts as its agent.
        Assert.Equal(HttpStatusCode.OK, (await amina.PostAsJsonAsync($"/api/agents/escalations/{ticket.Reference}/claim", new { })).StatusCode);
        Assert.Equal("amina", (await host.Services.GetRequiredService<IEscalationStore>().GetAsync(ticket.Reference))!.Agent);
        Assert.Equal(HttpStatusCode.OK, (await amina.PostAsJsonAsync($"/api/agents/escalations/{ticket.Reference}/call", new { agent = "Amina", outcome = "reached" })).StatusCode);
    }

    [Fact]
    public async Task The_queue_every_agent_sees_masks_typed_numbers_and_only_the_audited_detail_shows_them()
    {
        await using var host = HudumaHost.OnRedis(redis, AgentKeys.Settings(":", "otieno"));
        var said = new TranscriptLine(DateTimeOffset.UtcNow, "citizen", "Mimi ni Wanjiku, ID 31234434, simu 0722000434");
        var ticket = await host.Services.GetRequiredService<IEscalationStore>().CreateAsync(
            new NewEscalation("chat", null, "sw", "chat-handoff", []) { Transcript = [said] });
        var api = host.CreateClient().Using("otieno");

        var queued = Assert.Single((await api.GetFromJsonAsync<List<EscalationView>>("/api/agents/escalations?max=1000"))!, t => t.Reference == ticket.Reference);
        Assert.Equal("Mimi ni Wanjiku, ID 31****34, simu 07******34", queued.Transcript.Single().Text);
        var detail = (await api.GetFromJsonAsync<EscalationDetail>($"/api/agents/escalations/{ticket.Reference}"))!;
        Assert.Equal(said.Text, detail.Escalation.Transcript.Single().Text);
    }

    [Theory]
    [InlineData("AgentApi:Key", "a single key", "AgentApi:Keys:0:Agent")]
    [InlineData("AgentApi:Keys:0:Key", "a key without its agent", "AgentApi:Keys:0:Agent must name the agent")]
    [InlineData("Audit:RetentionDays", "0", "Audit:RetentionDays must be 1 to 3650")]
    public void The_host_refuses_to_start_with_an_unbound_agents_key_or_no_audit_retention(string setting, string value, string expected)
    {
        using var host = HudumaHost.OnRedis(redis, (setting, value));
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.True(e.ToString().Contains(expected), e.ToString());
    }
}
