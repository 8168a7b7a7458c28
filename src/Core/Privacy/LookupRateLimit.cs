using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Privacy;

internal sealed class LookupRateLimitOptions
{
    public int PerPhonePerHour { get; set; } = 10;
    public int PerDocumentPerHour { get; set; } = 10;
}

/// <summary>What the two counters of one lookup allow: the asker's and the document's.</summary>
internal readonly record struct LookupAllowance(bool Asker, bool Document)
{
    public bool Both => Asker && Document;
}

/// <summary>
/// Stops enumeration of the register: status lookups are counted per asking phone (or conversation,
/// on the anonymous web) and, for guesses at a waiting-card reference, per document number, in fixed
/// one-hour windows. The holder's own phone is counted per phone only: strangers' guesses at a document
/// must not lock its holder out of their own status. Every status lookup of every channel counts here, so
/// a window's counters are split into <see cref="RedisBuckets.Count"/> hashes
/// (huduma:rate:lookup:{window}:{rate:lookup:b}), a counter's bucket fixed by its field: on a cluster they
/// sit on every primary instead of making one key the hottest of the deployment.
/// </summary>
internal sealed class LookupRateLimit(IStateStore store, TimeProvider clock, LookupRateLimitOptions options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>A guess at a document's reference: counted per asker and per document.</summary>
    internal async Task<LookupAllowance> CountGuessAsync(string asker, string documentKey, CancellationToken ct = default)
    {
        // The two counters, each in its bucket, at once.
        var (askerCount, documentCount) = (CountAsync($"asker:{asker}", ct), CountAsync($"doc:{documentKey}", ct));
        return new LookupAllowance(await askerCount <= options.PerPhonePerHour, await documentCount <= options.PerDocumentPerHour);
    }

    /// <summary>A lookup from the phone on record: counted per asker only.</summary>
    public async Task<bool> CountHolderAsync(string asker, CancellationToken ct = default) =>
        await CountAsync($"asker:{asker}", ct) <= options.PerPhonePerHour;

    private static readonly RedisBuckets Buckets = new("rate:lookup");

    private async Task<long> CountAsync(string field, CancellationToken ct) =>
        (await store.IncrementFieldsAsync(WindowKey(RedisBuckets.Of(field)), [field], Window, ct))[0];

    private string WindowKey(int bucket) => $"rate:lookup:{clock.GetUtcNow().ToUnixTimeSeconds() / (long)Window.TotalSeconds}:{Buckets.Tag(bucket)}";
}
