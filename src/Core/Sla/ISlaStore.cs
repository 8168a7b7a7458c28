namespace Huduma.Contact.Core.Sla;

/// <summary>
/// Waiting tickets' SLA deadlines, shared by every host (Redis) or held by the one (memory). Every host sweeps
/// (<see cref="TakeBreachedAsync"/>): each ticket past its deadline is taken by one sweeper, and its breach
/// counted once whatever happens after (set if absent), on the Nairobi day it was seen.
/// </summary>
public interface ISlaStore
{
    /// <summary>Watches a waiting ticket (opened, or back in the queue) until <paramref name="deadline"/>.</summary>
    Task WatchAsync(string reference, string channel, DateTimeOffset deadline, CancellationToken ct = default);
    /// <summary>The ticket is no longer waiting (taken by an agent, or ended): it is neither watched nor overdue.</summary>
    Task UnwatchAsync(string reference, CancellationToken ct = default);
    /// <summary>
    /// Moves up to <paramref name="max"/> watched tickets past their deadline to the overdue ones and returns those
    /// breaching for the first time (counted in the day's breaches per channel): each to exactly one caller.
    /// </summary>
    Task<IReadOnlyList<SlaBreach>> TakeBreachedAsync(int max = 500, CancellationToken ct = default);
    /// <summary>Tickets still waiting past their deadline, longest overdue first, and how many in all.</summary>
    Task<(IReadOnlyList<SlaBreach> Tickets, long Count)> OverdueAsync(int max = 100, CancellationToken ct = default);
    /// <summary>Breaches per channel over the Nairobi days <paramref name="from"/> to <paramref name="to"/> (both included).</summary>
    Task<IReadOnlyDictionary<string, long>> BreachesAsync(DateOnly from, DateOnly to, CancellationToken ct = default);
}

/// <summary>A ticket that was not taken by its SLA deadline.</summary>
public sealed record SlaBreach(string Reference, string Channel, DateTimeOffset Deadline);
