using Huduma.Contact.Core.Assignment;

namespace Huduma.Contact.Core.Tests;

/// <summary>Who a ticket is offered to: availability, language, capacity per kind, then least-busy or round-robin.</summary>
public sealed class AssignmentRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly AssignmentOptions LeastBusy = new() { Capacity = new() { Chat = 3, Callback = 1 } };
    private static readonly AssignmentOptions RoundRobin = new() { Rule = AssignmentOptions.RoundRobin, Capacity = new() { Chat = 3, Callback = 1 } };

    private static AgentPresence Agent(string name, int offeredMinutesAgo = 0, string status = PresenceStatus.Available, bool online = true,
        string[]? languages = null) =>
        new(name, status, languages ?? ["en", "sw"], online, offeredMinutesAgo == 0 ? null : T0.AddMinutes(-offeredMinutesAgo));

    private static string? Choose(AssignmentOptions options, IReadOnlyList<AgentPresence> agents, Dictionary<string, AgentLoad>? loads = null,
        string kind = TicketKinds.Chat, string language = "en", params string[] tried) =>
        AssignmentRule.Choose(kind, language, agents, loads ?? [], options, tried)?.Agent;

    [Fact]
    public void Least_busy_offers_to_the_agent_holding_fewest_tickets_and_ties_go_to_whoever_was_offered_one_longest_ago()
    {
        AgentPresence[] agents = [Agent("amina", offeredMinutesAgo: 9), Agent("baraka", offeredMinutesAgo: 1), Agent("chebet", offeredMinutesAgo: 5)];
        var loads = new Dictionary<string, AgentLoad> { ["amina"] = new(2, 0), ["baraka"] = new(1, 0), ["chebet"] = new(0, 1) };
        // baraka and chebet each hold one ticket; chebet was offered one longer ago.
        Assert.Equal("chebet", Choose(LeastBusy, agents, loads));
        loads["chebet"] = new(1, 1);
        Assert.Equal("baraka", Choose(LeastBusy, agents, loads));
        // Never offered one counts as longest ago.
        Assert.Equal("dawit", Choose(LeastBusy, [.. agents, Agent("dawit")], new() { ["amina"] = new(1, 0), ["baraka"] = new(1, 0), ["chebet"] = new(1, 0) }));
    }

    [Fact]
    public void Round_robin_offers_to_whoever_was_offered_a_ticket_longest_ago_however_busy_within_capacity()
    {
        AgentPresence[] agents = [Agent("amina", offeredMinutesAgo: 9), Agent("baraka", offeredMinutesAgo: 1), Agent("chebet", offeredMinutesAgo: 5)];
        var loads = new Dictionary<string, AgentLoad> { ["amina"] = new(2, 0) };
        Assert.Equal("amina", Choose(RoundRobin, agents, loads));
        Assert.Equal("chebet", Choose(RoundRobin, agents, loads, tried: "amina"));
        loads["amina"] = new(3, 0); // full for chats
        Assert.Equal("chebet", Choose(RoundRobin, agents, loads));
    }

    [Fact]
    public void An_agent_at_capacity_for_the_tickets_kind_busy_away_or_without_a_console_is_not_offered_it()
    {
        var loads = new Dictionary<string, AgentLoad> { ["amina"] = new(0, 1), ["baraka"] = new(3, 0) };
        AgentPresence[] agents = [Agent("amina"), Agent("baraka")];
        // amina has her one call-back: she still takes chats; baraka has his three chats: he still takes a call-back.
        Assert.Equal("baraka", Choose(LeastBusy, agents, loads, TicketKinds.Callback));
        Assert.Equal("amina", Choose(LeastBusy, agents, loads, TicketKinds.Chat));
        Assert.Null(Choose(LeastBusy, agents, new() { ["amina"] = new(3, 1), ["baraka"] = new(3, 1) }));
        Assert.Null(Choose(LeastBusy, [Agent("amina", status: PresenceStatus.Busy), Agent("baraka", status: PresenceStatus.Away)]));
        Assert.Null(Choose(LeastBusy, [Agent("amina", online: false)])); // set available, then closed the console
        Assert.Null(Choose(new AssignmentOptions { Capacity = new() { Chat = 3, Callback = 0 } }, agents, kind: TicketKinds.Callback));
    }

    [Fact]
    public void A_kiswahili_ticket_is_offered_only_to_an_agent_who_speaks_kiswahili()
    {
        AgentPresence[] agents = [Agent("amina", offeredMinutesAgo: 1, languages: ["en", "sw"]), Agent("brian", languages: ["en"]), Agent("dawit", languages: [])];
        Assert.Equal("amina", Choose(LeastBusy, agents, language: "sw"));
        Assert.Null(Choose(LeastBusy, agents, language: "sw", tried: "amina"));
        // An account without languages speaks English, the default.
        Assert.Equal("brian", Choose(LeastBusy, agents, language: "en"));
        Assert.Equal("dawit", Choose(LeastBusy, agents, language: "en", tried: "brian"));
    }

    [Theory]
    [InlineData("fastest", null, null, null)]
    [InlineData(null, "00:00:00.5", null, null)]
    [InlineData(null, null, 51, null)]
    [InlineData(null, null, null, "00:00:31")]
    public void Options_out_of_bounds_are_refused_with_the_key_to_fix(string? rule, string? offerTimeout, int? chats, string? presenceTimeout)
    {
        var options = new AssignmentOptions();
        Assert.Null(options.Problem());
        if (rule is not null) options.Rule = rule;
        if (offerTimeout is not null) options.OfferTimeout = TimeSpan.Parse(offerTimeout);
        if (chats is not null) options.Capacity.Chat = chats.Value;
        if (presenceTimeout is not null) options.PresenceTimeout = TimeSpan.Parse(presenceTimeout);
        Assert.StartsWith("Assignment:", options.Problem());
    }
}
