using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Privacy;

/// <summary>One look at a citizen's personal data: who saw what of which ticket, and when.</summary>
public sealed record Reveal(DateTimeOffset At, string Agent, string Reference, string Field);

/// <summary>
/// Agents see phone and document numbers masked until they reveal them, and every reveal is kept here
/// (newest first, the last 10,000) for supervisors: the Data Protection Act asks who accessed personal data.
/// </summary>
public sealed class RevealAudit(IStateStore store, TimeProvider clock)
{
    private const string Key = "audit:reveals";
    public const int Kept = 10_000;

    public async Task<Reveal> RecordAsync(string agent, string reference, string field, CancellationToken ct = default)
    {
        var reveal = new Reveal(clock.GetUtcNow(), agent, reference, field);
        await store.AppendAsync(Key, reveal, Kept, ct);
        return reveal;
    }

    public Task<IReadOnlyList<Reveal>> RecentAsync(int count, CancellationToken ct = default) => store.RecentAsync<Reveal>(Key, count, ct);
}
