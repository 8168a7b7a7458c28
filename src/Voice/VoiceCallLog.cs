using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Voice;

/// <summary>A finished call as kept for supervisors' reports (phone masked).</summary>
public sealed class VoiceCallEnded
{
    public string Provider { get; set; } = "";
    public string CallId { get; set; } = "";
    public string? Phone { get; set; }
    /// <summary>The provider's final status (Twilio CallStatus; AT's hangupCause).</summary>
    public string? Status { get; set; }
    public int? DurationSeconds { get; set; }
    public string? Language { get; set; }
    /// <summary>The caller's way through the menus (numbers masked).</summary>
    public List<string> Path { get; set; } = [];
    public bool Transferred { get; set; }
    public string? Ticket { get; set; }
    public DateTimeOffset EndedAt { get; set; }
}

/// <summary>
/// Status callbacks (Twilio's statusCallback, Africa's Talking's final notification) become one record
/// per call in a capped list (huduma:voice:calls): duration, outcome, the path through the menus.
/// </summary>
public sealed class VoiceCallLog(IStateStore store, VoiceDialog dialog, TimeProvider clock)
{
    public const string Key = "voice:calls";
    private const int Kept = 10_000;

    public async Task<VoiceCallEnded> RecordAsync(string provider, string callId, string? msisdn, string? status, int? durationSeconds,
        CancellationToken ct = default)
    {
        var call = await dialog.FindAsync(provider, callId, ct);
        var ended = new VoiceCallEnded
        {
            Provider = provider, CallId = callId, Phone = Mask.Phone(msisdn ?? call?.Msisdn), Status = status, DurationSeconds = durationSeconds,
            Language = call?.State.Lang, Path = call?.State.Path ?? [], Transferred = call?.Transferred ?? false, Ticket = call?.Ticket,
            EndedAt = clock.GetUtcNow(),
        };
        await store.AppendAsync(Key, ended, Kept, ct);
        return ended;
    }

    public Task<IReadOnlyList<VoiceCallEnded>> RecentAsync(int count, CancellationToken ct = default) => store.RecentAsync<VoiceCallEnded>(Key, count, ct);
}
