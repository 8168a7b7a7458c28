using System.Net;
using System.Net.Http.Json;
using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Offers through the host's HTTP API on Redis: the key-based agents' API sees and answers its own agent's offers,
/// and an account disabled by an admin is set away, its offers move on, and its console (cookie still good) is offered nothing.
/// Consoles are open as the hub records them: a heartbeat in the presence store.
/// </summary>
public sealed class AssignmentApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "assignment api test password";

    // Names of their own in each test: the server, and the presence on it, are the class's.
    private static string Name(string who) => who + "-" + Guid.NewGuid().ToString("N")[..6];

    private static async Task ConsoleOpenAsync(HudumaHost host, string agent, string status = PresenceStatus.Available)
    {
        var presence = host.Services.GetRequiredService<IAssignmentStore>();
        await presence.HeartbeatAsync([(agent, "console-" + agent)], DateTimeOffset.UtcNow.AddHours(1));
        await presence.SetStatusAsync(agent, status, ["en"]);
    }

    private static Task<Escalation> SmsTicketAsync(HudumaHost host) => host.Services.GetRequiredService<IEscalationStore>()
        .CreateAsync(new NewEscalation("sms", "+254722" + Random.Shared.Next(100_000, 999_999), "en", "handoff", []));

    private static async Task<TicketOffer> OfferedAsync(HudumaHost host, string reference, Func<TicketOffer, bool>? to = null)
    {
        var presence = host.Services.GetRequiredService<IAssignmentStore>();
        TicketOffer? offer = null;
        await Eventually.WaitUntil(async () => (offer = await presence.GetOfferAsync(reference)) is { } o && (to?.Invoke(o) ?? true),
            TimeSpan.FromSeconds(10), $"{reference} offered");
        return offer!;
    }

    [Fact]
    public async Task The_key_api_lists_accepts_and_declines_its_own_agents_offers_and_nobody_elses()
    {
        var (amina, otieno) = (Name("amina"), Name("otieno"));
        await using var host = HudumaHost.OnRedis(redis, AgentKeys.Settings(":", amina, otieno));
        var accounts = host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync(amina, Roles.Agent, Password);
        await accounts.SaveAsync(otieno, Roles.Agent, Password);
        await ConsoleOpenAsync(host, amina);
        await ConsoleOpenAsync(host, otieno);
        var ticket = await SmsTicketAsync(host);
        var offered = (await OfferedAsync(host, ticket.Reference)).Agent;
        var other = offered == amina ? otieno : amina;
        var api = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/agents/offers")).StatusCode);
        Assert.DoesNotContain(await api.Using(other).GetFromJsonAsync<List<OfferView>>("/api/agents/offers") ?? [], o => o.Reference == ticket.Reference);
        var mine = Assert.Single(await api.Using(offered).GetFromJsonAsync<List<OfferView>>("/api/agents/offers") ?? [], o => o.Reference == ticket.Reference);
        Assert.Equal(("chat", ticket.Reference), (mine.Kind, mine.Ticket.Reference));
        Assert.Equal(HttpStatusCode.Conflict, (await api.Using(other).PostAsync($"/api/agents/offers/{ticket.Reference}/accept", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Using(offered).PostAsync($"/api/agents/offers/{ticket.Reference}/decline", null)).StatusCode);
        await OfferedAsync(host, ticket.Reference, o => o.Agent == other);
        Assert.Equal(HttpStatusCode.Conflict, (await api.Using(offered).PostAsync($"/api/agents/offers/{ticket.Reference}/accept", null)).StatusCode);
        var accepted = await api.Using(other).PostAsync($"/api/agents/offers/{ticket.Reference}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal((EscalationStatus.Claimed, other), (await accepted.Content.ReadFromJsonAsync<EscalationView>()) is { } v ? (v.Status, v.Agent) : default);
        Assert.Equal(other, (await host.Services.GetRequiredService<IEscalationStore>().GetAsync(ticket.Reference))!.Agent);
    }

    [Fact]
    public async Task Disabling_an_agent_sets_her_away_moves_her_offers_on_and_her_open_console_is_offered_nothing_more()
    {
        var (amina, otieno, admin) = (Name("amina"), Name("otieno"), Name("admin"));
        await using var host = HudumaHost.OnRedis(redis);
        var accounts = host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync(amina, Roles.Agent, Password);
        await accounts.SaveAsync(otieno, Roles.Agent, Password);
        await accounts.SaveAsync(admin, Roles.Admin, Password);
        var presence = host.Services.GetRequiredService<IAssignmentStore>();
        var console = StaffClient.Create(host);
        await console.SignInAsync(amina, Password);
        await ConsoleOpenAsync(host, amina);
        await ConsoleOpenAsync(host, otieno, PresenceStatus.Busy);
        var ticket = await SmsTicketAsync(host);
        await OfferedAsync(host, ticket.Reference, o => o.Agent == amina);
        await ConsoleOpenAsync(host, otieno);

        var admins = StaffClient.Create(host);
        await admins.SignInAsync(admin, Password);
        Assert.Equal(HttpStatusCode.OK, (await admins.PostJsonAsync($"/admin/api/accounts/{amina}/disabled/true", new { }, await admins.CsrfAsync())).StatusCode);

        Assert.Equal(PresenceStatus.Away, (await presence.AgentsAsync()).Single(a => a.Agent == amina).Status);
        await OfferedAsync(host, ticket.Reference, o => o.Agent == otieno);

        // Her console is still open, but its cookie no longer counts (StaffSessionCheck): it cannot choose available
        // again, and she is offered nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Http.GetAsync("/agents/api/csrf")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.PostJsonAsync("/agents/api/presence", new { status = PresenceStatus.Available }, null)).StatusCode);
        Assert.Equal(PresenceStatus.Away, (await presence.AgentsAsync()).Single(a => a.Agent == amina).Status);
        await ConsoleOpenAsync(host, otieno, PresenceStatus.Busy);
        var next = await SmsTicketAsync(host);
        await Task.Delay(1500); // offers are made within milliseconds; a second and a half is ample
        Assert.Null(await presence.GetOfferAsync(next.Reference));
    }

    [Fact]
    public async Task A_console_left_open_by_an_account_disabled_elsewhere_counts_as_closed_within_the_presence_timeout()
    {
        var amina = Name("amina");
        await using var host = HudumaHost.OnRedis(redis, ("Assignment:PresenceTimeout", "00:00:02"));
        var accounts = host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync(amina, Roles.Agent, Password);
        var consoles = host.Services.GetRequiredService<ConsolePresence>();
        await consoles.OpenedAsync(amina, "hub-connection", CancellationToken.None); // as the hub records it
        await consoles.SetAsync(amina, PresenceStatus.Available, CancellationToken.None);
        var presence = host.Services.GetRequiredService<IAssignmentStore>();
        async Task<AgentPresence> AminaAsync() => (await presence.AgentsAsync()).Single(a => a.Agent == amina);
        await Task.Delay(TimeSpan.FromSeconds(3)); // renewed past its first deadline: the console is kept open
        Assert.Equal(PresenceStatus.Available, (await AminaAsync()).Seen);

        // Disabled without this host hearing of it (another host's admin page, whose own step to set her away failed).
        await accounts.SetDisabledAsync(amina, true);
        await Eventually.WaitUntil(async () => (await AminaAsync()).Seen == PresenceStatus.Away, TimeSpan.FromSeconds(4), $"{amina} seen as away");
    }
}
