using System.Collections.Concurrent;

namespace Huduma.Contact.Core.State;

/// <summary>
/// Leases a host let go of while Redis was away, so could not delete: deleted as soon as Redis answers
/// again (<see cref="FreeAsync"/>, called from the host's own loop), rather than holding every other host
/// off until they expire. Only while the lease surely has not expired yet: after that another host may
/// have taken the key, and deleting it would free their lease, not ours.
/// </summary>
public sealed class LeasesToFree(IStateStore store, TimeProvider clock)
{
    // A margin for clocks and for the time the failed delete itself took.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _keys = new();

    /// <summary>How many are waiting to be freed.</summary>
    public int Count => _keys.Count;

    /// <summary>Deletes the lease now, or, if Redis is away, as soon as <see cref="FreeAsync"/> finds it back.</summary>
    /// <param name="takenAt">When the lease was set; with <paramref name="lease"/>, when it expires by itself.</param>
    public async Task ReleaseAsync(string key, DateTimeOffset takenAt, TimeSpan lease)
    {
        try { await store.DeleteAsync(key, CancellationToken.None); }
        catch (Exception) { _keys[key] = takenAt + lease - Margin; }
    }

    /// <summary>Deletes the leases still waiting, until Redis fails again; those that may have expired are forgotten.</summary>
    public async Task FreeAsync(CancellationToken ct = default)
    {
        foreach (var (key, until) in _keys)
        {
            if (clock.GetUtcNow() >= until) { _keys.TryRemove(key, out _); continue; }
            try { await store.DeleteAsync(key, ct); }
            catch (Exception) when (!ct.IsCancellationRequested) { return; } // still away: next time
            _keys.TryRemove(key, out _);
        }
    }
}
