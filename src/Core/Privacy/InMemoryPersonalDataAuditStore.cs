namespace Huduma.Contact.Core.Privacy;

/// <summary>The audit in one process (the embedded default): a list per Nairobi day, dropped when its retention ends.</summary>
internal sealed class InMemoryPersonalDataAuditStore(AuditOptions options, TimeProvider clock) : IPersonalDataAuditStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<DateOnly, List<PersonalDataView>> _days = [];

    public Task AddAsync(PersonalDataView view, CancellationToken ct = default)
    {
        var day = NairobiDay.Of(view.At);
        lock (_lock)
        {
            DropExpired();
            // As Redis does with a key whose expiry has passed: an entry of a day already past its retention is not kept.
            if (options.ExpiryOf(day) <= clock.GetUtcNow()) return Task.CompletedTask;
            if (!_days.TryGetValue(day, out var entries)) _days[day] = entries = [];
            entries.Add(view);
        }
        return Task.CompletedTask;
    }

    public Task<PersonalDataViewPage> ReadAsync(DateOnly from, DateOnly to, int skip, int take, CancellationToken ct = default)
    {
        lock (_lock)
        {
            DropExpired();
            var inRange = _days.Where(d => d.Key >= from && d.Key <= to).SelectMany(d => d.Value).ToList();
            // Newest first; the same order as Redis's sorted sets (time to the microsecond, then the entry's text, both descending).
            var page = inRange.OrderByDescending(v => RedisPersonalDataAuditStore.ScoreOf(v.At)).ThenByDescending(v => v.Id, StringComparer.Ordinal)
                .Skip(skip).Take(take).ToList();
            return Task.FromResult(new PersonalDataViewPage(page, inRange.Count));
        }
    }

    private void DropExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var day in _days.Keys.TakeWhile(d => options.ExpiryOf(d) <= now).ToList()) _days.Remove(day);
    }
}
