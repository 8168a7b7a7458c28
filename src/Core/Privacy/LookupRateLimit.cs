using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Privacy;

public sealed class LookupRateLimitOptions
{
    public int PerPhonePerHour { get; set; } = 10;
    public int PerDocumentPerHour { get; set; } = 10;
}

/// <summary>
/// Stops enumeration of the register: status lookups are counted per asking phone (or conversation,
/// on the anonymous web) and per document number, in fixed one-hour windows.
/// </summary>
public sealed class LookupRateLimit(IStateStore store, TimeProvider clock, LookupRateLimitOptions options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public async Task<bool> AllowAsync(string asker, string documentKey, CancellationToken ct = default)
    {
        var bucket = clock.GetUtcNow().ToUnixTimeSeconds() / (long)Window.TotalSeconds;
        // Both counters in one round trip (the Redis client pipelines concurrent commands).
        var byAsker = store.IncrementAsync($"rate:lookup:asker:{asker}:{bucket}", Window, ct);
        var byDocument = store.IncrementAsync($"rate:lookup:doc:{documentKey}:{bucket}", Window, ct);
        await Task.WhenAll(byAsker, byDocument);
        return byAsker.Result <= options.PerPhonePerHour && byDocument.Result <= options.PerDocumentPerHour;
    }
}
