using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Tests;

/// <summary>A store that counts its reads and writes of single values (a two-key read counts once: it is one round trip).</summary>
internal sealed class CountingStateStore(IStateStore inner) : IStateStore
{
    public int Reads, Writes;

    public void Reset() => Reads = Writes = 0;

    public Task<T?> GetAsync<T>(string key, CancellationToken ct = default) where T : class
    {
        Interlocked.Increment(ref Reads);
        return inner.GetAsync<T>(key, ct);
    }

    public Task<(T1? First, T2? Second)> GetBothAsync<T1, T2>(string key1, string key2, CancellationToken ct = default) where T1 : class where T2 : class
    {
        Interlocked.Increment(ref Reads);
        return inner.GetBothAsync<T1, T2>(key1, key2, ct);
    }

    public Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class
    {
        Interlocked.Increment(ref Writes);
        return inner.SetAsync(key, value, ttl, ct);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);
    public Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class => inner.SetIfAbsentAsync(key, value, ttl, ct);
    public Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class => inner.SwapAsync(key, value, ttl, ct);
    public Task<T?> UpdateAsync<T>(string key, Func<T?, T?> change, TimeSpan? ttl, CancellationToken ct = default) where T : class => inner.UpdateAsync(key, change, ttl, ct);
    public Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default) => inner.IncrementAsync(key, ttl, ct);
    public Task<long[]> IncrementFieldsAsync(string key, IReadOnlyList<string> fields, TimeSpan ttl, CancellationToken ct = default) => inner.IncrementFieldsAsync(key, fields, ttl, ct);
    public Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default) => inner.AddAsync(key, amount, ttl, ct);
    public Task<long> GetCountAsync(string key, CancellationToken ct = default) => inner.GetCountAsync(key, ct);
    public Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null) where T : class => inner.AppendAsync(key, value, maxLength, ct, ttl);
    public Task<IReadOnlyList<T>> RecentAsync<T>(string key, int count, CancellationToken ct = default) where T : class => inner.RecentAsync<T>(key, count, ct);
    public Task<bool> PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);
}
