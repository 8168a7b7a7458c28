namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// A Direct Line conversation's activities, in order. Each appended activity gets its id
/// ("{conversation}|0000007") and position; the watermark is the number of activities a client has seen,
/// so a client that reconnects — to any host — with its watermark gets exactly what it missed. Kept for
/// DirectLine:ConversationLifetime after the last activity. In memory and in Redis (one hash tag per conversation).
/// </summary>
public interface IConversationLog
{
    /// <summary>Starts a conversation; false when it already exists.</summary>
    Task<bool> CreateAsync(string conversationId, CancellationToken ct = default);
    Task<bool> ExistsAsync(string conversationId, CancellationToken ct = default);

    /// <summary>Appends an activity, giving it its id; returns the id.</summary>
    Task<string> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default);

    /// <summary>The activities after <paramref name="watermark"/>, and the new watermark.</summary>
    Task<ActivitySet> ReadAsync(string conversationId, int watermark, CancellationToken ct = default);
}
