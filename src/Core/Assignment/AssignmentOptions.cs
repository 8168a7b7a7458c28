namespace Huduma.Contact.Core.Assignment;

/// <summary>
/// How waiting tickets are offered to agents (configuration section "Assignment", checked at start):
/// which available agent is chosen, how many tickets of each kind an agent works at once, how long an
/// offer waits for Accept, and how soon a closed console counts as away.
/// </summary>
public sealed class AssignmentOptions
{
    public const string Section = "Assignment";
    public const string LeastBusy = "least-busy";
    public const string RoundRobin = "round-robin";

    /// <summary>Off: no offers; agents take tickets from the queue by hand only (presence is still shown).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>
    /// <see cref="LeastBusy"/> (the default: the agent holding fewest tickets, ties to whoever was offered one
    /// longest ago) or <see cref="RoundRobin"/> (whoever was offered one longest ago, however busy within capacity).
    /// </summary>
    public string Rule { get; set; } = LeastBusy;
    /// <summary>How long an agent has to accept an offer before it moves to the next agent.</summary>
    public TimeSpan OfferTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Tickets of each kind (<see cref="TicketKinds"/>) an agent holds or is offered at once; 0: never offered that kind.</summary>
    public CapacityOptions Capacity { get; set; } = new();
    /// <summary>A console not heard from for this long (closed, or its host gone) counts as away.</summary>
    public TimeSpan PresenceTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How often every host looks for offers past their deadline (and renews its consoles' heartbeats, every third of the presence timeout).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many of the longest-waiting tickets an agent with room is matched against, at most: enough that the first
    /// she can take is found behind many nobody free can take, bounded because every one is read (in Redis, a page
    /// at a time) on each fill, and a fill follows every claim, resolve and decline.
    /// </summary>
    public int FillScan { get; set; } = 2_000;

    public int CapacityFor(string kind) => kind == TicketKinds.Callback ? Capacity.Callback : Capacity.Chat;

    /// <summary>What is wrong with the options, or null.</summary>
    public string? Problem()
    {
        if (Rule is not (LeastBusy or RoundRobin)) return $"{Section}:Rule is '{LeastBusy}' or '{RoundRobin}', not '{Rule}'";
        if (OfferTimeout < TimeSpan.FromSeconds(1) || OfferTimeout > TimeSpan.FromMinutes(10))
            return $"{Section}:OfferTimeout is 00:00:01 to 00:10:00";
        if (Capacity.Chat is < 0 or > 50 || Capacity.Callback is < 0 or > 50)
            return $"{Section}:Capacity:Chat and {Section}:Capacity:Callback are 0 to 50";
        if (FillScan is < 100 or > 100_000) return $"{Section}:FillScan is 100 to 100000, not {FillScan}";
        if (PresenceTimeout < TimeSpan.FromSeconds(1) || PresenceTimeout > TimeSpan.FromSeconds(30))
            return $"{Section}:PresenceTimeout is 00:00:01 to 00:00:30 (a closed console must count as away within 30 s)";
        if (SweepInterval < TimeSpan.FromMilliseconds(100) || SweepInterval > OfferTimeout)
            return $"{Section}:SweepInterval is 00:00:00.1 to {Section}:OfferTimeout";
        return null;
    }
}

/// <summary>Per-agent capacity: "Assignment:Capacity:Chat" (written conversations, web chat and SMS) and ":Callback".</summary>
public sealed class CapacityOptions
{
    public int Chat { get; set; } = 3;
    public int Callback { get; set; } = 1;
}
