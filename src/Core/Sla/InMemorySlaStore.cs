using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Sla;

/// <summary>SLA deadlines in memory (the embedded default: one process), under one lock: a sweep's work is small.</summary>
public sealed class InMemorySlaStore(TimeProvider clock) : ISlaStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SlaBreach> _watched = [], _overdue = [];
    private readonly HashSet<string> _breached = [];
    private readonly Dictionary<(DateOnly Day, string Channel), long> _days = [];

    public Task WatchAsync(string reference, string channel, DateTimeOffset deadline, CancellationToken ct = default)
    {
        lock (_lock) _watched[reference] = new SlaBreach(reference, channel, deadline);
        return Task.CompletedTask;
    }

    public Task UnwatchAsync(string reference, CancellationToken ct = default)
    {
        lock (_lock) { _watched.Remove(reference); _overdue.Remove(reference); }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SlaBreach>> TakeBreachedAsync(int max = 500, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var day = EscalationTally.DayOf(now);
        var breached = new List<SlaBreach>();
        lock (_lock)
        {
            foreach (var due in _watched.Values.Where(w => w.Deadline <= now).OrderBy(w => w.Deadline).Take(max).ToList())
            {
                _watched.Remove(due.Reference);
                _overdue[due.Reference] = due;
                if (!_breached.Add(due.Reference)) continue; // back in the queue after its breach: counted already
                _days[(day, due.Channel)] = _days.GetValueOrDefault((day, due.Channel)) + 1;
                breached.Add(due);
            }
        }
        return Task.FromResult<IReadOnlyList<SlaBreach>>(breached);
    }

    public Task<(IReadOnlyList<SlaBreach> Tickets, long Count)> OverdueAsync(int max = 100, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult<(IReadOnlyList<SlaBreach>, long)>((
                _overdue.Values.OrderBy(o => o.Deadline).ThenBy(o => o.Reference, StringComparer.Ordinal).Take(max).ToList(), _overdue.Count));
    }

    public Task<IReadOnlyDictionary<string, long>> BreachesAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyDictionary<string, long>>(_days.Where(d => d.Key.Day >= from && d.Key.Day <= to)
                .GroupBy(d => d.Key.Channel).ToDictionary(g => g.Key, g => g.Sum(d => d.Value)));
    }
}
