using System.Collections.Concurrent;

namespace Huduma.Contact.Core.State;

/// <summary>
/// The embedded default. Values are kept as JSON, like in Redis, so a caller that changes an object
/// after saving it sees the same behaviour in both stores.
/// </summary>
internal sealed class InMemoryStateStore(TimeProvider clock) : IStateStore
{
    private readonly ConcurrentDictionary<string, Entry> _values = new();
    private readonly ConcurrentDictionary<string, LinkedList<string>> _lists = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _listsExpireAt = new();

    private readonly ConcurrentDictionary<string, Hash> _hashes = new();

    private sealed record Entry(string Json, DateTimeOffset? ExpiresAt);

    /// <summary>Counters kept together under one key (a Redis hash), locked while they count.</summary>
    private sealed record Hash(DateTimeOffset ExpiresAt)
    {
        public Dictionary<string, long> Counts { get; } = [];
    }

    public Task<T?> GetAsync<T>(string key, CancellationToken ct = default) where T : class =>
        Task.FromResult(Live(key) is { } e ? StateJson.Deserialize<T>(e.Json) : null);

    public Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class
    {
        _values[key] = new Entry(StateJson.Serialize(value), ttl is { } t ? clock.GetUtcNow() + t : null);
        return Task.CompletedTask;
    }

    public Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class
    {
        var fresh = new Entry(StateJson.Serialize(value), ttl is { } t ? clock.GetUtcNow() + t : null);
        Entry? old = null;
        _values.AddOrUpdate(key, fresh, (_, e) => { old = e; return fresh; });
        return Task.FromResult(old is not null && !Expired(old) ? StateJson.Deserialize<T>(old.Json) : null);
    }

    public Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class
    {
        var fresh = new Entry(StateJson.Serialize(value), clock.GetUtcNow() + ttl);
        // An expired entry counts as absent: replace exactly that entry, so a racing caller can't win twice.
        while (true)
        {
            if (_values.TryAdd(key, fresh)) return Task.FromResult(true);
            if (!_values.TryGetValue(key, out var e)) continue;
            if (!Expired(e)) return Task.FromResult(false);
            if (_values.TryUpdate(key, fresh, e)) return Task.FromResult(true);
        }
    }

    public Task<T?> UpdateAsync<T>(string key, Func<T?, T?> change, TimeSpan? ttl, CancellationToken ct = default) where T : class
    {
        while (true)
        {
            var current = Live(key);
            var changed = change(current is null ? null : StateJson.Deserialize<T>(current.Json));
            if (changed is null) return Task.FromResult(current is null ? null : StateJson.Deserialize<T>(current.Json));
            var next = new Entry(StateJson.Serialize(changed), ttl is { } t ? clock.GetUtcNow() + t : null);
            // Entries are records compared by value: TryUpdate succeeds only if the entry is still the one read.
            if (current is null ? _values.TryAdd(key, next) : _values.TryUpdate(key, next, current))
                return Task.FromResult<T?>(changed);
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken ct = default) =>
        Task.FromResult(_values.TryRemove(key, out var e) && !Expired(e));

    public Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default)
    {
        var updated = _values.AddOrUpdate(key,
            _ => new Entry(amount.ToString(), clock.GetUtcNow() + ttl),
            (_, e) => Expired(e) ? new Entry(amount.ToString(), clock.GetUtcNow() + ttl) : e with { Json = (long.Parse(e.Json) + amount).ToString() });
        return Task.FromResult(long.Parse(updated.Json));
    }

    public Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default)
    {
        var updated = _values.AddOrUpdate(key,
            _ => new Entry("1", clock.GetUtcNow() + ttl),
            (_, e) => Expired(e) ? new Entry("1", clock.GetUtcNow() + ttl) : e with { Json = (long.Parse(e.Json) + 1).ToString() });
        return Task.FromResult(long.Parse(updated.Json));
    }

    public Task<long[]> IncrementFieldsAsync(string key, IReadOnlyList<string> fields, TimeSpan ttl, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        // A new key is a new window (one an hour, say): drop the windows that have ended, which nothing
        // reads again, so the embedded default does not keep every hour's counters.
        if (!_hashes.ContainsKey(key))
            foreach (var (old, h) in _hashes)
                if (h.ExpiresAt <= now) _hashes.TryRemove(KeyValuePair.Create(old, h));
        var hash = _hashes.AddOrUpdate(key, _ => new Hash(now + ttl), (_, h) => h.ExpiresAt <= now ? new Hash(now + ttl) : h);
        lock (hash)
        {
            var counts = new long[fields.Count];
            for (var i = 0; i < fields.Count; i++)
                counts[i] = hash.Counts[fields[i]] = hash.Counts.GetValueOrDefault(fields[i]) + 1;
            return Task.FromResult(counts);
        }
    }

    public Task<long> GetCountAsync(string key, CancellationToken ct = default) =>
        Task.FromResult(Live(key) is { } e && long.TryParse(e.Json, out var n) ? n : 0);

    public Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null) where T : class
    {
        var list = _lists.GetOrAdd(key, _ => new LinkedList<string>());
        lock (list)
        {
            if (ListExpired(key)) list.Clear();
            list.AddFirst(StateJson.Serialize(value));
            while (list.Count > maxLength) list.RemoveLast();
            if (ttl is { } t) _listsExpireAt[key] = clock.GetUtcNow() + t;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<T>> RecentAsync<T>(string key, int count, CancellationToken ct = default) where T : class
    {
        if (!_lists.TryGetValue(key, out var list) || ListExpired(key)) return Task.FromResult<IReadOnlyList<T>>([]);
        lock (list)
            return Task.FromResult<IReadOnlyList<T>>(list.Take(count).Select(j => StateJson.Deserialize<T>(j)!).ToList());
    }

    public Task<bool> PingAsync(CancellationToken ct = default) => Task.FromResult(true);

    private Entry? Live(string key)
    {
        if (!_values.TryGetValue(key, out var e)) return null;
        if (!Expired(e)) return e;
        _values.TryRemove(KeyValuePair.Create(key, e));
        return null;
    }

    private bool ListExpired(string key) => _listsExpireAt.TryGetValue(key, out var at) && at <= clock.GetUtcNow();

    private bool Expired(Entry e) => e.ExpiresAt is { } at && at <= clock.GetUtcNow();
}
