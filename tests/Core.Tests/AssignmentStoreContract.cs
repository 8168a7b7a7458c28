using Huduma.Contact.Core.Assignment;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

/// <summary>Presence and offers on both stores: heartbeats expire, an offer is made once and moved on once.</summary>
public abstract class AssignmentStoreContract
{
    // Whole milliseconds, as Redis keeps the times.
    protected readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    protected abstract IAssignmentStore Store { get; }
    /// <summary>Another host's view of the same store (Redis), or the same store (memory: one process).</summary>
    protected abstract IAssignmentStore AnotherHost { get; }

    private static string Name(string who) => who + "-" + Guid.NewGuid().ToString("N")[..8];
    private static string Reference() => "HK" + Random.Shared.Next(100_000, 999_999) + Guid.NewGuid().ToString("N")[..4];
    private async Task<AgentPresence> PresenceOf(string agent, IAssignmentStore? store = null) =>
        (await (store ?? Store).AgentsAsync()).Single(a => a.Agent == agent);

    private TicketOffer Offer(string reference, string agent, TimeSpan? timeout = null) =>
        new(reference, agent, TicketKinds.Chat, "en", Clock.GetUtcNow(), Clock.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30)), [agent]);

    [Fact]
    public async Task An_agent_whose_console_is_not_renewed_within_the_presence_timeout_is_seen_as_away()
    {
        var amina = Name("amina");
        await Store.SetStatusAsync(amina, PresenceStatus.Available, ["en", "sw"]);
        Assert.Equal(PresenceStatus.Away, (await PresenceOf(amina)).Seen); // no console open yet

        await Store.HeartbeatAsync([(amina, "c1")], Clock.GetUtcNow().AddSeconds(30));
        var seen = await PresenceOf(amina, AnotherHost);
        Assert.Equal((PresenceStatus.Available, true, "en sw"), (seen.Seen, seen.Online, string.Join(" ", seen.Languages)));

        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True((await PresenceOf(amina, AnotherHost)).Online);
        Clock.Advance(TimeSpan.FromSeconds(2)); // the host holding the console died: nobody renewed it
        var gone = await PresenceOf(amina, AnotherHost);
        Assert.Equal((PresenceStatus.Away, false, PresenceStatus.Available), (gone.Seen, gone.Online, gone.Status));
    }

    [Fact]
    public async Task A_closed_console_counts_as_away_at_once_unless_another_console_of_the_agent_is_open()
    {
        var otieno = Name("otieno");
        await Store.SetStatusAsync(otieno, PresenceStatus.Busy, ["en"]);
        await Store.HeartbeatAsync([(otieno, "tab-1")], Clock.GetUtcNow().AddSeconds(30));
        await AnotherHost.HeartbeatAsync([(otieno, "tab-2")], Clock.GetUtcNow().AddSeconds(30));

        await Store.DisconnectedAsync(otieno, "tab-1");
        Assert.Equal(PresenceStatus.Busy, (await PresenceOf(otieno)).Seen);
        await AnotherHost.DisconnectedAsync(otieno, "tab-2");
        Assert.Equal(PresenceStatus.Away, (await PresenceOf(otieno)).Seen);
    }

    [Fact]
    public async Task A_ticket_offered_by_many_hosts_at_once_is_offered_once_and_the_agent_marked_as_offered()
    {
        var (reference, amina, otieno) = (Reference(), Name("amina"), Name("otieno"));
        await Store.SetStatusAsync(amina, PresenceStatus.Available, ["en"]);
        var tries = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => (i % 2 == 0 ? Store : AnotherHost).OfferAsync(Offer(reference, i % 3 == 0 ? amina : otieno)))));
        Assert.Single(tries, made => made);
        var offer = await AnotherHost.GetOfferAsync(reference);
        Assert.NotNull(offer);
        Assert.Contains(await Store.OffersAsync(), o => o.Reference == reference);
        if (offer.Agent == amina) Assert.Equal(Clock.GetUtcNow(), (await PresenceOf(amina)).LastOfferedAt);
    }

    [Fact]
    public async Task An_offer_past_its_deadline_is_taken_by_exactly_one_of_many_sweepers()
    {
        var (soon, later) = (Reference(), Reference());
        await Store.OfferAsync(Offer(soon, Name("amina"), TimeSpan.FromSeconds(5)));
        await Store.OfferAsync(Offer(later, Name("otieno"), TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain(await Store.TakeExpiredAsync(), o => o.Reference == soon);

        Clock.Advance(TimeSpan.FromSeconds(6));
        var sweeps = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? Store : AnotherHost).TakeExpiredAsync())));
        Assert.Single(sweeps.SelectMany(s => s), o => o.Reference == soon);
        Assert.DoesNotContain(sweeps.SelectMany(s => s), o => o.Reference == later);
        Assert.Null(await Store.GetOfferAsync(soon));
        Assert.NotNull(await Store.GetOfferAsync(later));
    }

    [Fact]
    public async Task Only_the_agent_offered_a_ticket_can_withdraw_their_offer_and_only_once()
    {
        var (reference, amina) = (Reference(), Name("amina"));
        await Store.OfferAsync(Offer(reference, amina));
        Assert.Null(await AnotherHost.WithdrawAsync(reference, "someone-else"));
        Assert.Equal(amina, (await AnotherHost.WithdrawAsync(reference, amina))?.Agent);
        Assert.Null(await Store.WithdrawAsync(reference, amina));
        Assert.Null(await Store.GetOfferAsync(reference));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(await Store.TakeExpiredAsync(), o => o.Reference == reference); // its deadline went with it
    }
}

public sealed class InMemoryAssignmentStoreTests : AssignmentStoreContract
{
    public InMemoryAssignmentStoreTests() => Store = new InMemoryAssignmentStore(Clock);
    protected override IAssignmentStore Store { get; }
    protected override IAssignmentStore AnotherHost => Store;
}

public sealed class RedisAssignmentStoreTests : AssignmentStoreContract, IClassFixture<RedisServer>
{
    public RedisAssignmentStoreTests(RedisServer redis)
    {
        Store = new RedisAssignmentStore(redis.Connection, Clock);
        AnotherHost = new RedisAssignmentStore(redis.Connection, Clock);
    }

    protected override IAssignmentStore Store { get; }
    protected override IAssignmentStore AnotherHost { get; }
}
