using System.Collections.Concurrent;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// A state store that notes the key of every write (set, swap, update, delete, count, append) before passing
/// it on: a refused request must leave <see cref="Written"/> empty, whatever key scheme the channel uses.
/// </summary>
public sealed class RecordingStateStore(IStateStore inner) : StateStoreDecorator(inner)
{
    private readonly ConcurrentQueue<string> _written = new();

    public IReadOnlyList<string> Written => [.. _written];

    private void Note(string key) => _written.Enqueue(key);

    public override Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class
    { Note(key); return base.SetAsync(key, value, ttl, ct); }
    public override Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class
    { Note(key); return base.SwapAsync(key, value, ttl, ct); }
    public override Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class
    { Note(key); return base.SetIfAbsentAsync(key, value, ttl, ct); }
    public override Task<T?> UpdateAsync<T>(string key, Func<T?, T?> change, TimeSpan? ttl, CancellationToken ct = default) where T : class
    { Note(key); return base.UpdateAsync(key, change, ttl, ct); }
    public override Task<bool> DeleteAsync(string key, CancellationToken ct = default)
    { Note(key); return base.DeleteAsync(key, ct); }
    public override Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default)
    { Note(key); return base.IncrementAsync(key, ttl, ct); }
    public override Task<long[]> IncrementFieldsAsync(string key, IReadOnlyList<string> fields, TimeSpan ttl, CancellationToken ct = default)
    { Note(key); return base.IncrementFieldsAsync(key, fields, ttl, ct); }
    public override Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default)
    { Note(key); return base.AddAsync(key, amount, ttl, ct); }
    public override Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null) where T : class
    { Note(key); return base.AppendAsync(key, value, maxLength, ct, ttl); }
}
