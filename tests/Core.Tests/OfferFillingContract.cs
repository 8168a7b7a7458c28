using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

/// <summary>
/// Offers over both stores, at the sizes where reading a fixed head of a queue goes wrong: a ticket an agent can
/// take behind many she cannot, and an agent's load with thousands of tickets held by others.
/// </summary>
public abstract class OfferFillingContract : IAsyncLifetime
{
    // Whole milliseconds, as Redis keeps the times.
    protected readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    protected abstract IAssignmentStore Presence { get; }
    protected abstract IEscalationStore Escalations { get; }
    /// <summary>Another host's view of the same tickets (Redis), or the same store (memory: one process).</summary>
    protected abstract IEscalationStore AnotherHost { get; }
    protected virtual Task ResetAsync() => Task.CompletedTask;

    private readonly AssignmentOptions _options = new() { OfferTimeout = TimeSpan.FromSeconds(20), Capacity = new() { Chat = 2, Callback = 1 } };
    private TicketOffers? _offers;
    private EscalationDesk? _desk;
    protected TicketOffers Offers => _offers ??= new TicketOffers(Presence, Escalations, Desk, _options, Clock, new Unseen(), NullLogger<TicketOffers>.Instance);
    protected EscalationDesk Desk => _desk ??= new EscalationDesk(Escalations, Clock);

    public Task InitializeAsync() => ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private sealed class Unseen : IOfferNotifier
    {
        public Task OfferedAsync(TicketOffer offer, Escalation ticket, CancellationToken ct) => Task.CompletedTask;
        public Task WithdrawnAsync(TicketOffer offer, string why, CancellationToken ct) => Task.CompletedTask;
    }

    private async Task AvailableAsync(string agent, params string[] languages)
    {
        await Presence.SetStatusAsync(agent, PresenceStatus.Available, languages);
        await Presence.HeartbeatAsync([(agent, "console")], Clock.GetUtcNow().AddHours(1));
    }

    private async Task<Escalation> ChatAsync(string language = "en")
    {
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        return await Escalations.CreateAsync(new NewEscalation("chat", null, language, "handoff", []) { ConversationId = Guid.NewGuid().ToString("N") });
    }

    /// <summary>Many tickets at once, a hundred in flight, each made a millisecond after the one before.</summary>
    private async Task<List<Escalation>> ManyAsync(int count, Func<int, NewEscalation> request)
    {
        var made = new List<Escalation>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(100))
        {
            Clock.Advance(TimeSpan.FromMilliseconds(1));
            made.AddRange(await Task.WhenAll(chunk.Select(i => Escalations.CreateAsync(request(i)))));
        }
        return made;
    }

    [Fact]
    public async Task A_ticket_an_agent_can_take_is_offered_however_many_tickets_she_cannot_take_wait_ahead_of_it()
    {
        await AvailableAsync("amina", "en");
        // Kiswahili call-backs nobody free speaks: more than a hundred of them in every bucket of the Redis store.
        await ManyAsync(1_250, i => new NewEscalation("ussd", $"+2547220{i:D5}", "sw", EscalationReasons.Callback, []));
        var chat = await ChatAsync("en");

        var offer = await Offers.FillAsync("amina");

        Assert.Equal(chat.Reference, offer?.Reference);
        Assert.Equal("amina", (await Presence.GetOfferAsync(chat.Reference))?.Agent);
    }

    [Fact]
    public async Task An_agent_at_capacity_is_not_offered_more_however_many_tickets_others_hold()
    {
        var others = await ManyAsync(5_001, _ => new NewEscalation("ussd", "+254722000001", "en", EscalationReasons.Callback, []));
        foreach (var chunk in others.Chunk(100))
        {
            Clock.Advance(TimeSpan.FromMilliseconds(1));
            await Task.WhenAll(chunk.Select((t, i) => Desk.ClaimAsync(t.Reference, "other-" + i % 7)));
        }
        // Amina claims two chats after all of those: her room for chats is full.
        Clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var held in new[] { await ChatAsync(), await ChatAsync() }) Assert.True((await Desk.ClaimAsync(held.Reference, "amina")).Succeeded);
        await AvailableAsync("amina", "en");

        Assert.Null(await Offers.OfferAsync((await ChatAsync()).Reference));
        Assert.Null(await Offers.FillAsync("amina"));
    }

    [Fact]
    public async Task A_resolve_and_a_transfer_each_free_room_for_the_next_waiting_ticket()
    {
        await AvailableAsync("amina", "en");
        var (first, second) = (await ChatAsync(), await ChatAsync());
        Assert.True((await Desk.ClaimAsync(first.Reference, "amina")).Succeeded);
        Assert.True((await Desk.ClaimAsync(second.Reference, "amina")).Succeeded);
        var third = await ChatAsync();
        Assert.Null(await Offers.FillAsync("amina")); // two chats: full

        Assert.True((await Desk.ResolveAsync(first.Reference, "amina", "answered")).Succeeded);
        Assert.Equal(third.Reference, (await Offers.FillAsync("amina"))?.Reference);
        Assert.True((await Offers.AcceptAsync(third.Reference, "amina"))!.Succeeded);
        var fourth = await ChatAsync();
        Assert.Null(await Offers.FillAsync("amina")); // full again

        Assert.True((await Desk.TransferAsync(second.Reference, "amina", "baraka")).Succeeded);
        Assert.Equal(fourth.Reference, (await Offers.FillAsync("amina"))?.Reference);
    }

    [Fact]
    public async Task Each_agents_held_tickets_follow_claims_releases_transfers_and_resolves_on_every_host()
    {
        var chats = new[] { await ChatAsync(), await ChatAsync(), await ChatAsync() };
        var callback = await Escalations.CreateAsync(new NewEscalation("voice", "+254722000002", "en", EscalationReasons.Callback, []));
        foreach (var ticket in chats) await Desk.ClaimAsync(ticket.Reference, "amina");
        await Desk.ClaimAsync(callback.Reference, "amina");
        async Task<string> HeldAsync() => string.Join(" ", (await AnotherHost.HeldAsync()).OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}:{h.Value.Chats}/{h.Value.Callbacks}"));
        Assert.Equal("amina:3/1", await HeldAsync());

        await Desk.TransferAsync(chats[0].Reference, "amina", "baraka");
        await Desk.ReleaseAsync(chats[1].Reference, "amina");
        await Desk.ResolveAsync(callback.Reference, "amina", "answered");
        Assert.Equal("amina:1/0 baraka:1/0", await HeldAsync());

        await Desk.ResolveAsync(chats[0].Reference, "baraka", "answered");
        await Desk.ResolveAsync(chats[2].Reference, "amina", "answered");
        Assert.Equal("", await HeldAsync()); // nobody holding anything is not listed
    }
}

public sealed class InMemoryOfferFillingTests : OfferFillingContract
{
    public InMemoryOfferFillingTests()
    {
        Presence = new InMemoryAssignmentStore(Clock);
        Escalations = new InMemoryEscalationStore(Clock);
    }

    protected override IAssignmentStore Presence { get; }
    protected override IEscalationStore Escalations { get; }
    protected override IEscalationStore AnotherHost => Escalations;
}

public sealed class RedisOfferFillingTests : OfferFillingContract, IClassFixture<RedisServer>
{
    private readonly RedisServer _redis;

    public RedisOfferFillingTests(RedisServer redis)
    {
        _redis = redis;
        Presence = new RedisAssignmentStore(redis.Connection, Clock);
        Escalations = new RedisEscalationStore(redis.Connection, Clock);
        AnotherHost = new RedisEscalationStore(redis.Connection, Clock);
    }

    protected override IAssignmentStore Presence { get; }
    protected override IEscalationStore Escalations { get; }
    protected override IEscalationStore AnotherHost { get; }

    /// <summary>Every test on an empty server: each counts on knowing every ticket there is.</summary>
    protected override async Task ResetAsync()
    {
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
        await admin.GetServers().Single().FlushDatabaseAsync();
    }

    [Fact]
    public async Task Tickets_claimed_before_the_held_counts_existed_are_counted_when_they_are_first_read()
    {
        var tickets = new[]
        {
            await Escalations.CreateAsync(new NewEscalation("chat", null, "en", "handoff", []) { ConversationId = "c1" }),
            await Escalations.CreateAsync(new NewEscalation("sms", "+254722000003", "sw", "handoff", [])),
            await Escalations.CreateAsync(new NewEscalation("ussd", "+254722000004", "sw", EscalationReasons.Callback, [])),
        };
        foreach (var ticket in tickets) await Desk.ClaimAsync(ticket.Reference, "amina");
        // As a store written by the version before the counts: no count anywhere.
        var db = _redis.Connection.GetDatabase();
        foreach (var key in _redis.Connection.GetServers().Single().Keys(pattern: "*held*")) await db.KeyDeleteAsync(key);

        Assert.Equal((2, 1), (await AnotherHost.HeldAsync())["amina"] is var h ? (h.Chats, h.Callbacks) : default);
        await Desk.ResolveAsync(tickets[0].Reference, "amina", "answered");
        Assert.Equal((1, 1), (await Escalations.HeldAsync())["amina"] is var after ? (after.Chats, after.Callbacks) : default);
    }
}
