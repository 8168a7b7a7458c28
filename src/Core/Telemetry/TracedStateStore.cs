using System.Diagnostics;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Telemetry;

/// <summary>
/// The state store with a span around each call ("state get", "state set", …), put in front of the real store
/// only when tracing is configured: an untraced host calls the store directly, with nothing in between.
/// A span names the kind of key (its first segment: "ussd", "profile", "sms"), never the key, which may hold
/// a phone number. Only calls made within a traced operation get one: a background flush (the daily counters)
/// or a sweep's thousand reads would otherwise each be a trace of one span.
/// </summary>
internal sealed class TracedStateStore(IStateStore inner, string system) : IStateStore
{
    public const string KindTag = "huduma.state.kind";

    private Activity? Start(string operation, string key)
    {
        if (Activity.Current is null) return null;
        var activity = HudumaActivity.Source.StartActivity(operation, ActivityKind.Client);
        if (activity is null) return null;
        activity.SetTag("db.system.name", system);
        activity.SetTag("db.operation.name", operation["state ".Length..]);
        activity.SetTag(KindTag, Kind(key));
        return activity;
    }

    /// <summary>"ussd:+254711000001" → "ussd"; a first segment with a digit in it (none is, today) → "other".</summary>
    public static string Kind(string key)
    {
        var first = key.AsSpan();
        var colon = first.IndexOf(':');
        if (colon >= 0) first = first[..colon];
        return first.IndexOfAnyInRange('0', '9') >= 0 || first.Length == 0 ? "other" : first.ToString();
    }

    private async Task<T> Traced<T>(string operation, string key, Func<Task<T>> call)
    {
        using var activity = Start(operation, key);
        try { return await call(); }
        catch (Exception e) when (activity is not null) { activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name); throw; }
    }

    private async Task Traced(string operation, string key, Func<Task> call)
    {
        using var activity = Start(operation, key);
        try { await call(); }
        catch (Exception e) when (activity is not null) { activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name); throw; }
    }

    public Task<T?> GetAsync<T>(string key, CancellationToken ct = default) where T : class =>
        Traced("state get", key, () => inner.GetAsync<T>(key, ct));

    public Task<(T1? First, T2? Second)> GetBothAsync<T1, T2>(string key1, string key2, CancellationToken ct = default)
        where T1 : class where T2 : class =>
        Traced("state get", key1, () => inner.GetBothAsync<T1, T2>(key1, key2, ct));

    public Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class =>
        Traced("state set", key, () => inner.SetAsync(key, value, ttl, ct));

    public Task<bool> DeleteAsync(string key, CancellationToken ct = default) =>
        Traced("state delete", key, () => inner.DeleteAsync(key, ct));

    public Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class =>
        Traced("state set", key, () => inner.SetIfAbsentAsync(key, value, ttl, ct));

    public Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class =>
        Traced("state swap", key, () => inner.SwapAsync(key, value, ttl, ct));

    public Task<T?> UpdateAsync<T>(string key, Func<T?, T?> change, TimeSpan? ttl, CancellationToken ct = default) where T : class =>
        Traced("state update", key, () => inner.UpdateAsync(key, change, ttl, ct));

    public Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default) =>
        Traced("state count", key, () => inner.IncrementAsync(key, ttl, ct));

    public Task<long[]> IncrementFieldsAsync(string key, IReadOnlyList<string> fields, TimeSpan ttl, CancellationToken ct = default) =>
        Traced("state count", key, () => inner.IncrementFieldsAsync(key, fields, ttl, ct));

    public Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default) =>
        Traced("state count", key, () => inner.AddAsync(key, amount, ttl, ct));

    public Task<long> GetCountAsync(string key, CancellationToken ct = default) =>
        Traced("state get", key, () => inner.GetCountAsync(key, ct));

    public Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null) where T : class =>
        Traced("state append", key, () => inner.AppendAsync(key, value, maxLength, ct, ttl));

    public Task<IReadOnlyList<T>> RecentAsync<T>(string key, int count, CancellationToken ct = default) where T : class =>
        Traced("state get", key, () => inner.RecentAsync<T>(key, count, ct));

    // Health checks poll this: not worth a span each.
    public Task<bool> PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);
}
