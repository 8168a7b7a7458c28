namespace Huduma.Contact.Bot;

/// <summary>
/// One turn at a time per conversation on this host: a citizen who taps two buttons at once (or a client
/// that retries) must not have both turns read the same state and the last write undo the first.
/// Entries live only while someone holds or waits for them.
/// </summary>
internal sealed class ConversationLocks
{
    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public int Users;
    }

    private readonly Dictionary<string, Entry> _entries = new();

    public async Task<IDisposable> LockAsync(string conversationId, CancellationToken ct)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(conversationId, out entry!)) _entries[conversationId] = entry = new Entry();
            entry.Users++;
        }
        try { await entry.Gate.WaitAsync(ct); }
        catch
        {
            Leave(conversationId, entry);
            throw;
        }
        return new Releaser(this, conversationId, entry);
    }

    private void Leave(string conversationId, Entry entry)
    {
        lock (_entries)
            if (--entry.Users == 0) _entries.Remove(conversationId);
    }

    private sealed class Releaser(ConversationLocks owner, string conversationId, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            entry.Gate.Release();
            owner.Leave(conversationId, entry);
        }
    }

    /// <summary>Conversations with a turn in progress or waiting (for tests).</summary>
    public int Count { get { lock (_entries) return _entries.Count; } }
}
