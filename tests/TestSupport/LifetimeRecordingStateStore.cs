using System.Collections.Concurrent;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.TestSupport;

/// <summary>A state store that notes the lifetime each key was last set with: a channel's session lifetime is what its options say.</summary>
public sealed class LifetimeRecordingStateStore(IStateStore inner) : StateStoreDecorator(inner)
{
    private readonly ConcurrentDictionary<string, TimeSpan?> _lifetimes = new();

    public TimeSpan? LifetimeOf(string key) => _lifetimes.GetValueOrDefault(key);

    public override Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class
    { _lifetimes[key] = ttl; return base.SetAsync(key, value, ttl, ct); }
    public override Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class
    { _lifetimes[key] = ttl; return base.SwapAsync(key, value, ttl, ct); }
}
