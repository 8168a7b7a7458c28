namespace Huduma.Contact.Core.State;

/// <summary>
/// Small JSON values with time-to-live: conversation sessions, phone profiles,
/// counters and short logs. In memory on the embedded default, Redis in production; both pass the same
/// contract tests. Keys are given without the "huduma:" namespace, which the Redis store adds.
/// </summary>
public interface IStateStore
{
    Task<T?> GetAsync<T>(string key, CancellationToken ct = default) where T : class;

    /// <summary>
    /// Two values read together. Redis reads them in one command (MGET), which costs it and the host less
    /// than two; any other store may simply read them one after the other.
    /// </summary>
    async Task<(T1? First, T2? Second)> GetBothAsync<T1, T2>(string key1, string key2, CancellationToken ct = default)
        where T1 : class where T2 : class =>
        (await GetAsync<T1>(key1, ct), await GetAsync<T2>(key2, ct));
    Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class;
    Task<bool> DeleteAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Saves the value only when the key does not exist (Redis SET NX): true when it was saved. A lease
    /// taken this way expires after <paramref name="ttl"/> even if its holder dies and never frees it.
    /// </summary>
    Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class;

    /// <summary>
    /// Saves the value and returns the one it replaced (null when there was none), in one step (Redis
    /// SET ... GET): a cheaper compare-and-set for a writer that puts back what it should not have replaced.
    /// </summary>
    Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class;

    /// <summary>
    /// Reads a value, lets <paramref name="change"/> decide its new value from the current one (null
    /// when there is none), and saves it only if nobody else changed the key in between; otherwise reads
    /// again and asks again. <paramref name="change"/> returns null to leave the key as it is, and may be
    /// called more than once, so it must not have effects of its own. Returns the value now stored.
    /// </summary>
    Task<T?> UpdateAsync<T>(string key, Func<T?, T?> change, TimeSpan? ttl, CancellationToken ct = default) where T : class;

    /// <summary>Adds one and returns the new count; the key expires <paramref name="ttl"/> after it was created.</summary>
    Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>
    /// Adds one to each of several counters kept together as the fields of one key, in one round trip,
    /// and returns their new counts in the fields' order. The key (every field in it) expires about
    /// <paramref name="ttl"/> after it was created: meant for fixed windows whose key names the window.
    /// </summary>
    Task<long[]> IncrementFieldsAsync(string key, IReadOnlyList<string> fields, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Adds <paramref name="amount"/> to a counter (created with <paramref name="ttl"/>) and returns the new value.</summary>
    Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>A counter's value (0 when it does not exist).</summary>
    Task<long> GetCountAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Adds to the front of a capped list (newest first). With <paramref name="ttl"/>, the whole list
    /// expires that long after its newest entry (personal data is not kept for ever).
    /// </summary>
    Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null) where T : class;
    Task<IReadOnlyList<T>> RecentAsync<T>(string key, int count, CancellationToken ct = default) where T : class;

    /// <summary>True when the store can be used (Redis reachable).</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}
