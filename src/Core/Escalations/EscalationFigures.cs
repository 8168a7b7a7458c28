namespace Huduma.Contact.Core.Escalations;

/// <summary>A channel's queue now: how many wait, since when the longest has waited, how many agents hold.</summary>
public sealed record EscalationQueueFigures(string Channel, long Waiting, DateTimeOffset? OldestWaitingSince, long Claimed);

/// <summary>
/// A channel's counts for one Nairobi day (<see cref="EscalationTally"/>): tickets opened that day; of those
/// resolved that day, handled by an agent or withdrawn by the citizen, the waits before an agent took them
/// and the handling times (sums, in 100 ns ticks so averages come out exactly as from the tickets), and the
/// ratings they were given (whenever given), counted per score 1–5.
/// </summary>
public sealed record EscalationDayFigures(string Channel, long Opened, long Handled, long Withdrawn, long WaitTicks, long HandleTicks,
    long Ratings, long RatingSum, IReadOnlyList<long> RatingCounts)
{
    public static EscalationDayFigures Empty(string channel) => new(channel, 0, 0, 0, 0, 0, 0, 0, [0, 0, 0, 0, 0]);
}

/// <summary>
/// An agent's counts over some days: tickets they resolved (handled), the handling time of those (claim to
/// resolve, summed in ticks; after a transfer, from the first agent's claim) and the ratings they were given.
/// </summary>
public sealed record EscalationAgentFigures(string Agent, long Handled, long HandleTicks, long Ratings, long RatingSum);

/// <summary>The desk's counters summed over Nairobi days from one to another: per channel and per agent.</summary>
public sealed record EscalationRangeFigures(IReadOnlyList<EscalationDayFigures> Channels, IReadOnlyList<EscalationAgentFigures> Agents);
