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
        // Both counters in one round trip, as fields of the window's one key (huduma:rate:lookup:{window}).
        var counts = await store.IncrementFieldsAsync($"rate:lookup:{bucket}", [$"asker:{asker}", $"doc:{documentKey}"], Window, ct);
        return counts[0] <= options.PerPhonePerHour && counts[1] <= options.PerDocumentPerHour;
    }
}
