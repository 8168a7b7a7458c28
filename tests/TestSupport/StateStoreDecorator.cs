using Huduma.Contact.Core.State;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// A state store that passes every call to a real one: tests override the calls they want to slow down,
/// fail or watch, and the rest behave as the real store does.
/// </summary>
public abstract class StateStoreDecorator(IStateStore inner) : IStateStore
{
    public virtual Task<T?> GetAsync<T>(string key, CancellationToken ct = default) where T : class => inner.GetAsync<T>(key, ct);
    public virtual Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class => inner.SetAsync(key, value, ttl, ct);
    public virtual Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class =>
        inner.SwapAsync(key, value, ttl, ct);
    public virtual Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class =>
        inner.SetIfAbsentAsync(key, value, ttl, ct);
    public virtual Task<T?> UpdateAsync<T>(string key, Func<T?, T?> change, TimeSpan? ttl, CancellationToken ct = default) where T : class =>
        inner.UpdateAsync(key, change, ttl, ct);
    public virtual Task<bool> DeleteAsync(string key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);
    public virtual Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default) => inner.IncrementAsync(key, ttl, ct);
    public virtual Task<long[]> IncrementFieldsAsync(string key, IReadOnlyList<string> fields, TimeSpan ttl, CancellationToken ct = default) =>
        inner.IncrementFieldsAsync(key, fields, ttl, ct);
    public virtual Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default) => inner.AddAsync(key, amount, ttl, ct);
    public virtual Task<long> GetCountAsync(string key, CancellationToken ct = default) => inner.GetCountAsync(key, ct);
    public virtual Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null) where T : class =>
        inner.AppendAsync(key, value, maxLength, ct, ttl);
    public virtual Task<IReadOnlyList<T>> RecentAsync<T>(string key, int count, CancellationToken ct = default) where T : class =>
        inner.RecentAsync<T>(key, count, ct);
    public virtual Task<bool> PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);
}
