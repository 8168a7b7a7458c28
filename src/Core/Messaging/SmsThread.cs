using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// The recent SMS exchange with one phone (huduma:sms:thread:{msisdn}): what the citizen texted, what the
/// bot answered, what an agent wrote. An agent who takes an SMS ticket reads it instead of asking the
/// citizen to repeat themselves. Capped and kept only <see cref="Kept"/> after the last message.
/// </summary>
public sealed class SmsThread(IStateStore store, TimeProvider clock)
{
    public const int MaxMessages = 50;
    public static readonly TimeSpan Kept = TimeSpan.FromDays(14);

    private static string Key(string msisdn) => $"sms:thread:{msisdn}";

    /// <param name="from">"citizen", "bot" or "agent", as in a chat transcript.</param>
    /// <param name="name">An agent's display name, so the thread says who answered.</param>
    public Task RecordAsync(string msisdn, string from, string text, CancellationToken ct = default, string? name = null) =>
        store.AppendAsync(Key(msisdn), new TranscriptLine(clock.GetUtcNow(), from, text, name), MaxMessages, ct, Kept);

    /// <summary>The messages at or after <paramref name="since"/>, oldest first.</summary>
    public async Task<IReadOnlyList<TranscriptLine>> SinceAsync(string msisdn, DateTimeOffset since, CancellationToken ct = default)
    {
        var newestFirst = await store.RecentAsync<TranscriptLine>(Key(msisdn), MaxMessages, ct);
        return newestFirst.Where(l => l.At >= since).Reverse().ToList();
    }
}
