namespace Huduma.Contact.Core.Reminders;

/// <summary>The reminder queue in one process (the embedded default): one lock, sorted by due time.</summary>
internal sealed class InMemoryReminderStore : IReminderStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _due = new();
    private readonly Dictionary<string, DateTimeOffset> _leased = new();
    private readonly HashSet<string> _held = new();
    /// <summary>Document → its one queued member.</summary>
    private readonly Dictionary<string, string> _byDocument = new();
    private readonly Dictionary<string, ReminderRecord> _records = new();

    public Task ScheduleAsync(DueReminder reminder, DateTimeOffset dueAt, CancellationToken ct = default)
    {
        lock (_lock) Queue(reminder, dueAt);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DueReminder>> LeaseAsync(DateTimeOffset now, int count, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(Move(_due, _leased, now, count, leaseUntil));
    }

    public Task<IReadOnlyList<DueReminder>> ReclaimAsync(DateTimeOffset now, int count, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(Move(_leased, _leased, now, count, leaseUntil));
    }

    public Task FinishAsync(DueReminder reminder, DueReminder? next, DateTimeOffset nextDue, CancellationToken ct = default)
    {
        lock (_lock)
        {
            Forget(reminder);
            if (next is not null) Queue(next, nextDue);
        }
        return Task.CompletedTask;
    }

    public Task PostponeAsync(DueReminder reminder, DateTimeOffset dueAt, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _leased.Remove(reminder.Member);
            Queue(reminder, dueAt);
        }
        return Task.CompletedTask;
    }

    public Task HoldAsync(DueReminder reminder, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _leased.Remove(reminder.Member);
            _due.Remove(reminder.Member);
            _held.Add(reminder.Member);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DueReminder>> HeldAsync(int count, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<DueReminder>>(_held.Order().Take(count).Select(DueReminder.Parse).ToList());
    }

    public Task<bool> ReleaseHeldAsync(DueReminder reminder, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_held.Remove(reminder.Member)) return Task.FromResult(false);
            _byDocument.Remove(reminder.DocumentKey);
            return Task.FromResult(true);
        }
    }

    public Task<int?> TryClaimAsync(DueReminder reminder, string smsId, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var attempts = 0;
            if (_records.TryGetValue(reminder.Member, out var current))
            {
                if (current.Mark != ReminderMark.Failed) return Task.FromResult<int?>(null);
                attempts = current.Attempts;
            }
            _records[reminder.Member] = new ReminderRecord(ReminderMark.Sending, attempts + 1, at, smsId);
            return Task.FromResult<int?>(attempts + 1);
        }
    }

    public Task SetRecordAsync(DueReminder reminder, ReminderRecord record, CancellationToken ct = default)
    {
        lock (_lock) _records[reminder.Member] = record;
        return Task.CompletedTask;
    }

    public Task<ReminderRecord?> GetRecordAsync(DueReminder reminder, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_records.GetValueOrDefault(reminder.Member));
    }

    public Task<bool> IsQueuedAsync(string documentKey, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_byDocument.ContainsKey(documentKey));
    }

    public Task<ReminderQueueCounts> CountAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var dueNow = _due.Values.Count(d => d <= now);
            return Task.FromResult(new ReminderQueueCounts(dueNow, _due.Count - dueNow, _leased.Count, _held.Count));
        }
    }

    private void Queue(DueReminder reminder, DateTimeOffset dueAt)
    {
        // A document has one reminder queued at a time: a newer one replaces it.
        if (_byDocument.TryGetValue(reminder.DocumentKey, out var old) && old != reminder.Member)
        {
            _due.Remove(old);
            _leased.Remove(old);
            _held.Remove(old);
        }
        _byDocument[reminder.DocumentKey] = reminder.Member;
        _due[reminder.Member] = dueAt;
    }

    private void Forget(DueReminder reminder)
    {
        _leased.Remove(reminder.Member);
        _due.Remove(reminder.Member);
        if (_byDocument.GetValueOrDefault(reminder.DocumentKey) == reminder.Member) _byDocument.Remove(reminder.DocumentKey);
    }

    private static IReadOnlyList<DueReminder> Move(Dictionary<string, DateTimeOffset> from, Dictionary<string, DateTimeOffset> to,
        DateTimeOffset now, int count, DateTimeOffset leaseUntil)
    {
        var taken = from.Where(kv => kv.Value <= now).OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(count).Select(kv => kv.Key).ToList();
        foreach (var member in taken)
        {
            from.Remove(member);
            to[member] = leaseUntil;
        }
        return taken.Select(DueReminder.Parse).ToList();
    }
}
