using System.Collections.Concurrent;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// Tickets in memory (the embedded default: one process). The day's counters are kept as Redis keeps
/// them (<see cref="EscalationTally"/>, added after the change that wins); the queue figures are counted
/// from the tickets themselves.
/// </summary>
internal sealed class InMemoryEscalationStore(TimeProvider clock, EscalationMetrics? metrics = null) : IEscalationStore
{
    private readonly ConcurrentDictionary<string, Escalation> _tickets = new();
    private readonly ConcurrentDictionary<(DateOnly Day, string Field), long> _days = new();
    private readonly ConcurrentDictionary<string, Lazy<Escalation>> _byIdempotencyKey = new();
    private readonly ConcurrentDictionary<string, long> _held = new(); // HeldChange's fields
    private long _sequence;

    public async Task<Escalation> CreateAsync(NewEscalation request, CancellationToken ct = default) => (await OpenAsync(request, ct)).Ticket;

    public Task<EscalationOpened> OpenAsync(NewEscalation request, CancellationToken ct = default)
    {
        Escalation Create()
        {
            var ticket = EscalationFactory.Create(request, EscalationReference.Format(Interlocked.Increment(ref _sequence)), clock);
            _tickets[ticket.Reference] = ticket;
            Tally(null, ticket);
            metrics?.Opened(ticket.Channel);
            return ticket;
        }
        if (request.IdempotencyKey is not { } key) return Task.FromResult(new EscalationOpened(Create(), IsNew: true));
        var made = new Lazy<Escalation>(Create);
        var found = _byIdempotencyKey.GetOrAdd(key, made);
        // The ticket a key names as it is now (claimed, resolved…), as the Redis store reads it, not as it was made.
        var isNew = ReferenceEquals(found, made);
        return Task.FromResult(new EscalationOpened(isNew ? found.Value : _tickets.GetValueOrDefault(found.Value.Reference) ?? found.Value, isNew));
    }

    public Task<Escalation?> GetAsync(string reference, CancellationToken ct = default) =>
        Task.FromResult(_tickets.GetValueOrDefault(reference));

    public Task<IReadOnlyList<Escalation>> ListByPhoneAsync(string msisdn, int max = EscalationPhoneIndex.Kept, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Escalation>>(_tickets.Values.Where(t => t.Msisdn == msisdn)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Reference.Length).ThenByDescending(t => t.Reference, StringComparer.Ordinal)
            .Take(Math.Min(max, EscalationPhoneIndex.Kept)).ToList());

    public Task<IReadOnlyList<Escalation>> ListOpenAsync(int max = 100, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Escalation>>(_tickets.Values.Where(t => t.Status == EscalationStatus.Open)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Reference, StringComparer.Ordinal).Take(max).ToList());

    public Task<IReadOnlyList<Escalation>> ListClaimedAsync(int max = 100, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Escalation>>(_tickets.Values.Where(t => t.Status == EscalationStatus.Claimed)
            .OrderBy(t => t.ClaimedAt).ThenBy(t => t.Reference, StringComparer.Ordinal).Take(max).ToList());

    public IAsyncEnumerable<WaitingTicket> WaitingAsync(CancellationToken ct = default) =>
        _tickets.Values.Where(t => t.Status == EscalationStatus.Open).OrderBy(t => t.CreatedAt).ThenBy(t => t.Reference, StringComparer.Ordinal)
            .Select(t => new WaitingTicket(t.Reference, t.Channel, t.Language, t.ConversationId is not null, t.CreatedAt)).ToList().ToAsyncEnumerable();

    public Task<IReadOnlyDictionary<string, HeldTickets>> HeldAsync(CancellationToken ct = default) => Task.FromResult(HeldChange.PerAgent(_held));

    public Task<long> CountAsync(string status, CancellationToken ct = default) =>
        Task.FromResult((long)_tickets.Values.Count(t => t.Status == status));

    public Task<IReadOnlyList<Escalation>> ListResolvedAsync(DateTimeOffset since, int max = 10_000, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Escalation>>(_tickets.Values.Where(t => t.Status == EscalationStatus.Resolved && t.ResolvedAt >= since)
            .OrderBy(t => t.ResolvedAt).ThenBy(t => t.Reference, StringComparer.Ordinal).Take(max).ToList());

    public Task<bool> ReplaceAsync(Escalation expected, Escalation next, CancellationToken ct = default)
    {
        // Records compare by value, but their lists by reference: the instance read is the one stored until replaced.
        if (!_tickets.TryUpdate(expected.Reference, next, expected)) return Task.FromResult(false);
        Tally(expected, next);
        foreach (var (field, by) in HeldChange.Of(expected, next)) _held.AddOrUpdate(field, by, (_, n) => n + by);
        return Task.FromResult(true);
    }

    private void Tally(Escalation? before, Escalation after)
    {
        if (EscalationTally.Of(before, after) is not var (day, adds)) return;
        foreach (var (field, by) in adds) _days.AddOrUpdate((day, field), by, (_, n) => n + by);
    }

    public Task<IReadOnlyList<EscalationQueueFigures>> QueueFiguresAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<EscalationQueueFigures>>(_tickets.Values.Where(t => t.Status is EscalationStatus.Open or EscalationStatus.Claimed)
            .GroupBy(t => t.Channel).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var waiting = g.Where(t => t.Status == EscalationStatus.Open).ToList();
                return new EscalationQueueFigures(g.Key, waiting.Count, waiting.Count == 0 ? null : waiting.Min(t => t.CreatedAt),
                    g.Count(t => t.Status == EscalationStatus.Claimed));
            }).ToList());

    public Task<IReadOnlyList<EscalationDayFigures>> DayFiguresAsync(DateOnly day, CancellationToken ct = default) =>
        Task.FromResult(EscalationTally.Figures(_days.Where(d => d.Key.Day == day).Select(d => KeyValuePair.Create(d.Key.Field, d.Value))));

    public Task<EscalationRangeFigures> RangeFiguresAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var counters = _days.Where(d => d.Key.Day >= from && d.Key.Day <= to).Select(d => KeyValuePair.Create(d.Key.Field, d.Value)).ToList();
        return Task.FromResult(new EscalationRangeFigures(EscalationTally.Figures(counters), EscalationTally.AgentFigures(counters)));
    }

    public IAsyncEnumerable<Escalation> ResolvedBetweenAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default) =>
        _tickets.Values.Where(t => t.Status == EscalationStatus.Resolved && t.ResolvedAt >= from && t.ResolvedAt < until)
            .OrderBy(t => t.ResolvedAt).ThenBy(t => t.Reference.Length).ThenBy(t => t.Reference, StringComparer.Ordinal).ToList().ToAsyncEnumerable();

    public Task<int> PurgeResolvedAsync(DateTimeOffset before, int max = 10_000, CancellationToken ct = default)
    {
        var old = _tickets.Values.Where(t => t.Status == EscalationStatus.Resolved && t.ResolvedAt < before).Take(max).ToList();
        return Task.FromResult(old.Count(t => _tickets.TryRemove(KeyValuePair.Create(t.Reference, t))));
    }
}

internal static class EscalationFactory
{
    public static Escalation Create(NewEscalation r, string reference, TimeProvider clock) => new()
    {
        Reference = reference, Channel = r.Channel, Msisdn = r.Msisdn, Language = r.Language, Reason = r.Reason,
        Path = r.Path, DocumentType = r.DocumentType, DocumentNumber = r.DocumentNumber, CreatedAt = clock.GetUtcNow(),
        ConversationId = r.ConversationId, Transcript = r.Transcript,
    };
}
