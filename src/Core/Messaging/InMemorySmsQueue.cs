namespace Huduma.Contact.Core.Messaging;

/// <summary>The outbound queue in one process (the embedded default): one list, one lock.</summary>
internal sealed class InMemorySmsQueue(TimeProvider clock) : ISmsQueue
{
    private sealed class Entry(QueuedSms queued)
    {
        public QueuedSms Queued { get; } = queued;
        public string? Consumer { get; set; }
        public DateTimeOffset DeliveredAt { get; set; }
    }

    private readonly Lock _lock = new();
    // In the order queued, as a stream keeps them.
    private readonly List<Entry> _entries = [];
    private long _next;

    public Task EnqueueAsync(OutboundSms message, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(message.Id);
        lock (_lock) _entries.Add(new Entry(new QueuedSms((++_next).ToString(), 0, message, clock.GetUtcNow())));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueuedSms>> ReadAsync(string consumer, int count, CancellationToken ct = default) =>
        Take(e => e.Consumer is null, consumer, count);

    // Consumers are not kept apart from their entries here: nothing to forget.
    public Task<int> ForgetIdleConsumersAsync(TimeSpan idle, CancellationToken ct = default) => Task.FromResult(0);

    public Task<IReadOnlyList<QueuedSms>> ClaimIdleAsync(string consumer, TimeSpan idle, int count, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return Take(e => e.Consumer is not null && now - e.DeliveredAt >= idle, consumer, count);
    }

    private Task<IReadOnlyList<QueuedSms>> Take(Func<Entry, bool> which, string consumer, int count)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var taken = _entries.Where(which).Take(count).ToList();
            foreach (var entry in taken)
            {
                entry.Consumer = consumer;
                entry.DeliveredAt = now;
            }
            return Task.FromResult<IReadOnlyList<QueuedSms>>(taken.Select(e => e.Queued).ToList());
        }
    }

    public Task AcknowledgeAsync(QueuedSms entry, CancellationToken ct = default)
    {
        lock (_lock) _entries.RemoveAll(e => e.Queued.EntryId == entry.EntryId);
        return Task.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult((long)_entries.Count);
    }
}
