namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// A Direct Line conversation's activities, in order. Each appended activity gets its id
/// ("{conversation}|0000007") and position; the watermark is the number of activities a client has seen,
/// so a client that reconnects — to any host — with its watermark gets exactly what it missed. Kept for
/// DirectLine:ConversationLifetime after the last activity. In memory and in Redis (one hash tag per conversation).
/// </summary>
internal interface IConversationLog
{
    /// <summary>Starts a conversation; false when it already exists.</summary>
    Task<bool> CreateAsync(string conversationId, CancellationToken ct = default);
    Task<bool> ExistsAsync(string conversationId, CancellationToken ct = default);

    /// <summary>
    /// Appends activities in order as one step, giving each its id (returned), and wakes the conversation's
    /// streams on every host — unless <paramref name="wake"/> is false (a caller about to append more).
    /// Nothing to append and wake: only wakes. Unknown conversation: KeyNotFoundException.
    /// </summary>
    Task<IReadOnlyList<string>> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, bool wake = true, CancellationToken ct = default);

    /// <summary>Appends one activity, giving it its id; returns the id.</summary>
    async Task<string> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default) =>
        (await AppendAsync(conversationId, [activity], true, ct))[0];

    /// <summary>The activities after <paramref name="watermark"/> as stored (JSON), and the new watermark. Unknown conversation: KeyNotFoundException.</summary>
    Task<RawActivitySet> ReadRawAsync(string conversationId, int watermark, CancellationToken ct = default);

    /// <summary>The activities after <paramref name="watermark"/>, and the new watermark.</summary>
    async Task<ActivitySet> ReadAsync(string conversationId, int watermark, CancellationToken ct = default) =>
        (await ReadRawAsync(conversationId, watermark, ct)).Parse();
}
