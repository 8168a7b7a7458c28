using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Telemetry;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

/// <summary>Offers over the in-memory stores with a fake clock: made, timed out and moved on, declined, accepted, and filled.</summary>
public sealed class TicketOffersTests : IDisposable
{
    private readonly TestMeters _meters = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAssignmentStore _presence;
    private readonly InMemoryEscalationStore _escalations;
    private readonly Screens _screens = new();
    private readonly TicketOffers _offers;
    private readonly EscalationDesk _desk;

    /// <summary>What each agent's console was told, in order.</summary>
    private sealed class Screens : IOfferNotifier
    {
        public List<(string Agent, string Reference, string What)> Shown { get; } = [];
        public Task OfferedAsync(TicketOffer offer, Escalation ticket, CancellationToken ct) { Shown.Add((offer.Agent, offer.Reference, "offer")); return Task.CompletedTask; }
        public Task WithdrawnAsync(TicketOffer offer, string why, CancellationToken ct) { Shown.Add((offer.Agent, offer.Reference, why)); return Task.CompletedTask; }
    }

    /// <summary>Every agent's account is active but those disabled here.</summary>
    private sealed class Accounts : IAgentAccounts
    {
        public HashSet<string> Disabled { get; } = [];
        public Task<bool> IsActiveAgentAsync(string agent, CancellationToken ct = default) => Task.FromResult(!Disabled.Contains(agent));
    }

    private readonly Accounts _accounts = new();

    public TicketOffersTests()
    {
        _presence = new InMemoryAssignmentStore(_clock);
        _escalations = new InMemoryEscalationStore(_clock);
        _desk = new EscalationDesk(_escalations, _clock);
        var options = new AssignmentOptions { OfferTimeout = TimeSpan.FromSeconds(20), Capacity = new() { Chat = 2, Callback = 1 } };
        _offers = new TicketOffers(_presence, _escalations, _desk, options, _clock, _screens, NullLogger<TicketOffers>.Instance, new OfferMetrics(_meters),
            _accounts);
    }

    public void Dispose() => _meters.Dispose();

    private async Task AvailableAsync(string agent, params string[] languages)
    {
        await _presence.SetStatusAsync(agent, PresenceStatus.Available, languages.Length == 0 ? ["en", "sw"] : languages);
        await _presence.HeartbeatAsync([(agent, "console")], _clock.GetUtcNow().AddHours(1));
    }

    private Task<Escalation> ChatAsync(string language = "en") =>
        _escalations.CreateAsync(new NewEscalation("chat", null, language, "handoff", []) { ConversationId = Guid.NewGuid().ToString("N") });

    [Fact]
    public async Task An_offer_not_accepted_in_time_moves_to_the_next_agent_and_with_nobody_left_the_ticket_waits()
    {
        await AvailableAsync("amina");
        await AvailableAsync("baraka");
        var ticket = await ChatAsync();
        var first = await _offers.OfferAsync(ticket.Reference);
        var other = first!.Agent == "amina" ? "baraka" : "amina";

        _clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, await _offers.SweepAsync());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await _offers.SweepAsync());
        Assert.Equal([(first.Agent, ticket.Reference, "offer"), (first.Agent, ticket.Reference, OfferEndings.TimedOut), (other, ticket.Reference, "offer")],
            _screens.Shown);
        Assert.Equal(other, (await _presence.GetOfferAsync(ticket.Reference))!.Agent);

        _clock.Advance(TimeSpan.FromSeconds(21));
        await _offers.SweepAsync();
        Assert.Null(await _presence.GetOfferAsync(ticket.Reference)); // both tried: it waits in the queue for a claim
        Assert.Equal(EscalationStatus.Open, (await _escalations.GetAsync(ticket.Reference))!.Status);
        Assert.True((await _desk.ClaimAsync(ticket.Reference, first.Agent)).Succeeded);
    }

    [Fact]
    public async Task A_declined_offer_moves_on_at_once_and_only_the_agent_offered_it_can_decline_or_accept_it()
    {
        await AvailableAsync("amina");
        await AvailableAsync("baraka");
        var ticket = await ChatAsync();
        var first = (await _offers.OfferAsync(ticket.Reference))!.Agent;
        var other = first == "amina" ? "baraka" : "amina";
        Assert.False(await _offers.DeclineAsync(ticket.Reference, other));
        Assert.Null(await _offers.AcceptAsync(ticket.Reference, other));

        Assert.True(await _offers.DeclineAsync(ticket.Reference, first));
        Assert.Equal(other, (await _presence.GetOfferAsync(ticket.Reference))!.Agent);
        Assert.Null(await _offers.AcceptAsync(ticket.Reference, first)); // too late: it moved on
        Assert.True((await _offers.AcceptAsync(ticket.Reference, other))!.Succeeded);
        Assert.Equal((EscalationStatus.Claimed, other), (await _escalations.GetAsync(ticket.Reference)) is { } t ? (t.Status, t.Agent) : default);
        Assert.Null(await _presence.GetOfferAsync(ticket.Reference));
    }

    [Fact]
    public async Task A_ticket_claimed_from_the_queue_while_offered_leaves_the_offered_agents_screen_and_accepting_it_then_fails()
    {
        await AvailableAsync("amina");
        var ticket = await ChatAsync();
        await _offers.OfferAsync(ticket.Reference);
        var before = (await _escalations.GetAsync(ticket.Reference))!;
        Assert.True((await _desk.ClaimAsync(ticket.Reference, "baraka")).Succeeded); // a manual claim, from the queue
        await _offers.OnChangedAsync(before, (await _escalations.GetAsync(ticket.Reference))!);
        Assert.Contains(("amina", ticket.Reference, OfferEndings.Taken), _screens.Shown);
        Assert.Null(await _offers.AcceptAsync(ticket.Reference, "amina"));
    }

    [Fact]
    public async Task An_agent_at_capacity_is_offered_the_longest_waiting_ticket_they_can_take_when_they_finish_one()
    {
        await AvailableAsync("amina", "en");
        var tickets = new List<Escalation>();
        foreach (var language in new[] { "en", "en", "sw", "en" })
        {
            tickets.Add(await ChatAsync(language));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Null(await _offers.AcceptAsync(tickets[0].Reference, "amina")); // nothing offered yet
        await _offers.FillAsync("amina");
        Assert.Equal(tickets[0].Reference, (await _presence.OffersAsync())[0].Reference);
        Assert.True((await _offers.AcceptAsync(tickets[0].Reference, "amina"))!.Succeeded);
        await _offers.FillAsync("amina");
        Assert.True((await _offers.AcceptAsync(tickets[1].Reference, "amina"))!.Succeeded);
        Assert.Null(await _offers.FillAsync("amina")); // two chats: full
        Assert.Null(await _offers.OfferAsync(tickets[3].Reference));

        // She resolves one: the next she can take is the fourth (the third is in Kiswahili, which she does not speak).
        var held = (await _escalations.GetAsync(tickets[0].Reference))!;
        await _desk.ResolveAsync(tickets[0].Reference, "amina", "answered");
        await _offers.OnChangedAsync(held, (await _escalations.GetAsync(tickets[0].Reference))!);
        Assert.Equal(("amina", tickets[3].Reference, "offer"), _screens.Shown[^1]);
    }

    /// <summary>Amina, alone, with room for two chats: two tickets offered to her fill it, and a third waits for her room.</summary>
    private async Task<Escalation[]> ThreeChatsForAminaAloneAsync()
    {
        await AvailableAsync("amina");
        var tickets = new Escalation[3];
        for (var i = 0; i < 3; i++)
        {
            tickets[i] = await ChatAsync();
            _clock.Advance(TimeSpan.FromSeconds(1));
            await _offers.OfferAsync(tickets[i].Reference);
        }
        Assert.Null(await _presence.GetOfferAsync(tickets[2].Reference)); // her two offers are her room
        return tickets;
    }

    [Fact]
    public async Task An_agent_who_declines_is_offered_the_ticket_that_waited_for_her_room_but_not_the_one_she_declined()
    {
        var tickets = await ThreeChatsForAminaAloneAsync();
        Assert.True(await _offers.DeclineAsync(tickets[0].Reference, "amina"));
        Assert.Equal("amina", (await _presence.GetOfferAsync(tickets[2].Reference))?.Agent);
        Assert.Null(await _presence.GetOfferAsync(tickets[0].Reference)); // nobody else: it waits in the queue
    }

    [Fact]
    public async Task Offers_let_lapse_free_the_agents_room_for_the_ticket_that_waited_for_it()
    {
        var tickets = await ThreeChatsForAminaAloneAsync();
        _clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(2, await _offers.SweepAsync());
        Assert.Equal("amina", (await _presence.GetOfferAsync(tickets[2].Reference))?.Agent);
        Assert.Null(await _presence.GetOfferAsync(tickets[0].Reference));
        Assert.Null(await _presence.GetOfferAsync(tickets[1].Reference));
    }

    [Fact]
    public async Task A_ticket_taken_from_the_queue_by_someone_else_frees_the_offered_agents_room()
    {
        var tickets = await ThreeChatsForAminaAloneAsync();
        var before = (await _escalations.GetAsync(tickets[0].Reference))!;
        Assert.True((await _desk.ClaimAsync(tickets[0].Reference, "baraka")).Succeeded);
        await _offers.OnChangedAsync(before, (await _escalations.GetAsync(tickets[0].Reference))!);
        Assert.Equal("amina", (await _presence.GetOfferAsync(tickets[2].Reference))?.Agent);
    }

    [Fact]
    public async Task Nobody_away_busy_or_with_a_closed_console_is_offered_a_ticket()
    {
        await AvailableAsync("amina");
        await _presence.SetStatusAsync("baraka", PresenceStatus.Busy, ["en"]);
        await _presence.HeartbeatAsync([("baraka", "console")], _clock.GetUtcNow().AddHours(1));
        await _presence.DisconnectedAsync("amina", "console");
        Assert.Null(await _offers.OfferAsync((await ChatAsync()).Reference));
        Assert.Empty(_screens.Shown);
    }

    [Fact]
    public async Task An_agent_whose_account_is_disabled_is_not_offered_tickets_though_her_presence_still_says_available()
    {
        await AvailableAsync("amina");
        await AvailableAsync("baraka");
        Assert.Equal("amina", (await _offers.OfferAsync((await ChatAsync()).Reference, tried: ["baraka"]))?.Agent);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("baraka", (await _offers.OfferAsync((await ChatAsync()).Reference, tried: ["amina"]))?.Agent);
        // One offer each: the next would go to amina, offered one longest ago. Her account is disabled now.
        _accounts.Disabled.Add("amina");

        Assert.Equal("baraka", (await _offers.OfferAsync((await ChatAsync()).Reference))?.Agent);
        Assert.Null(await _offers.OfferAsync((await ChatAsync()).Reference, tried: ["baraka"]));
        Assert.Null(await _offers.FillAsync("amina"));
        Assert.Single(await _presence.OffersAsync(), o => o.Agent == "amina"); // only the one made before
    }

    [Fact]
    public async Task Offers_made_accepted_declined_and_timed_out_are_counted_by_kind()
    {
        MetricCollector<long> Collect(string name) => new(_meters, HudumaMeter.Name, "huduma.offers." + name);
        using var made = Collect("made");
        using var accepted = Collect("accepted");
        using var declined = Collect("declined");
        using var timedOut = Collect("timed_out");
        await AvailableAsync("amina");
        await AvailableAsync("baraka");
        var chat = await ChatAsync();
        var callback = await _escalations.CreateAsync(new NewEscalation("ussd", "+254722000900", "en", "callback", []));

        var first = (await _offers.OfferAsync(chat.Reference))!.Agent;
        await _offers.DeclineAsync(chat.Reference, first); // made again, to the other
        var second = (await _presence.GetOfferAsync(chat.Reference))!.Agent;
        await _offers.AcceptAsync(chat.Reference, second);
        await _offers.OfferAsync(callback.Reference);
        _clock.Advance(TimeSpan.FromSeconds(21));
        await _offers.SweepAsync();

        long Of(MetricCollector<long> c, string kind) => c.GetMeasurementSnapshot().Where(m => (string?)m.Tags["kind"] == kind).Sum(m => m.Value);
        Assert.Equal((2L, 1L, 1L, 0L), (Of(made, TicketKinds.Chat), Of(accepted, TicketKinds.Chat), Of(declined, TicketKinds.Chat), Of(timedOut, TicketKinds.Chat)));
        Assert.Equal((2L, 0L, 1L), (Of(made, TicketKinds.Callback), Of(accepted, TicketKinds.Callback), Of(timedOut, TicketKinds.Callback)));
    }
}
