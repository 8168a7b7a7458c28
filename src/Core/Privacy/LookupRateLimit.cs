using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Privacy;

public sealed class LookupRateLimitOptions
{
    public int PerPhonePerHour { get; set; } = 10;
    public int PerDocumentPerHour { get; set; } = 10;
}

/// <summary>What the two counters of one lookup allow: the asker's and the document's.</summary>
public readonly record struct LookupAllowance(bool Asker, bool Document)
{
    public bool Both => Asker && Document;
}

/// <summary>
/// Stops enumeration of the register: status lookups are counted per asking phone (or conversation,
/// on the anonymous web) and, for guesses at a waiting-card reference, per document number, in fixed
/// one-hour windows. The holder's own phone is counted per phone only: strangers' guesses at a document
/// must not lock its holder out of their own status.
/// </summary>
public sealed class LookupRateLimit(IStateStore store, TimeProvider clock, LookupRateLimitOptions options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>A guess at a document's reference: counted per asker and per document.</summary>
    public async Task<LookupAllowance> CountGuessAsync(string asker, string documentKey, CancellationToken ct = default)
    {
        // Both counters in one round trip, as fields of the window's one key (huduma:rate:lookup:{window}).
        var counts = await store.IncrementFieldsAsync(WindowKey(), [$"asker:{asker}", $"doc:{documentKey}"], Window, ct);
        return new LookupAllowance(counts[0] <= options.PerPhonePerHour, counts[1] <= options.PerDocumentPerHour);
    }

    /// <summary>A lookup from the phone on record: counted per asker only.</summary>
    public async Task<bool> CountHolderAsync(string asker, CancellationToken ct = default) =>
        (await store.IncrementFieldsAsync(WindowKey(), [$"asker:{asker}"], Window, ct))[0] <= options.PerPhonePerHour;

    private string WindowKey() => $"rate:lookup:{clock.GetUtcNow().ToUnixTimeSeconds() / (long)Window.TotalSeconds}";
}
