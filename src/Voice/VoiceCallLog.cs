using System.Collections.Concurrent;
using Huduma.Contact.Core.Conversations;
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

/// <summary>Phone calls that ended on one Nairobi day: how many, how many went to an agent, their seconds, per final status.</summary>
public sealed record VoiceCallsOfDay(long Calls, long Transferred, long Timed, long Seconds, IReadOnlyDictionary<string, long> ByStatus);

/// <summary>
/// Status callbacks (Twilio's statusCallback, Africa's Talking's final notification) become one record
/// per call in a capped list (huduma:voice:calls): duration, outcome, the path through the menus. Each
/// is also counted on the day's counters (<see cref="DailyCounters"/>: calls, transferred, seconds, per
/// status), so the supervisors' figures for the day are a dozen counters, not the log read back. The
/// statuses a day has seen are kept in a small list beside them (daily:voice-statuses:{day}), written
/// when a host first sees a status that day.
/// </summary>
public sealed class VoiceCallLog(IStateStore store, Conversations conversations, DailyCounters daily, TimeProvider clock)
{
    public const string Key = "voice:calls";
    private const int Kept = 10_000;
    private const string Calls = "voice-calls", Transferred = "voice-transferred", Timed = "voice-timed", Seconds = "voice-seconds";
    private static string WithStatus(string status) => "voice-status:" + status;
    private static string StatusesKey(DateOnly day) => $"daily:voice-statuses:{day:yyyy-MM-dd}";
    private readonly ConcurrentDictionary<(DateOnly Day, string Status), bool> _statusesNamed = new();

    public async Task<VoiceCallEnded> RecordAsync(string provider, string callId, string? msisdn, string? status, int? durationSeconds,
        CancellationToken ct = default)
    {
        var call = await conversations.FindAsync<VoiceCall>(VoiceDialog.Channel, VoiceDialog.Subject(provider, callId), ct);
        var ended = new VoiceCallEnded
        {
            Provider = provider, CallId = callId, Phone = Mask.Phone(msisdn ?? call?.Msisdn), Status = status, DurationSeconds = durationSeconds,
            Language = call?.State.Lang, Path = call?.State.Path ?? [], Transferred = call?.Transferred ?? false, Ticket = call?.Ticket,
            EndedAt = clock.GetUtcNow(),
        };
        await store.AppendAsync(Key, ended, Kept, ct);
        await CountAsync(ended, ct);
        return ended;
    }

    private async Task CountAsync(VoiceCallEnded ended, CancellationToken ct)
    {
        var status = ended.Status ?? "unknown";
        await daily.CountAsync(Calls, ct);
        await daily.CountAsync(WithStatus(status), ct);
        if (ended.Transferred) await daily.CountAsync(Transferred, ct);
        if (ended.DurationSeconds is { } seconds)
        {
            await daily.CountAsync(Timed, ct);
            await daily.AddAsync(Seconds, seconds, ct);
        }
        var today = daily.Today;
        if (_statusesNamed.ContainsKey((today, status))) return;
        await store.UpdateAsync<List<string>>(StatusesKey(today), named => named?.Contains(status) == true ? null : [.. named ?? [], status], DailyCounters.Kept, ct);
        _statusesNamed[(today, status)] = true;
    }

    /// <summary>The day's calls from its counters (what other hosts counted in the last two seconds shows at their next flush).</summary>
    public async Task<VoiceCallsOfDay> DayAsync(DateOnly day, CancellationToken ct = default)
    {
        async Task<long> Read(string metric) => (await daily.DaysAsync(metric, day, day, ct))[0];
        var statuses = await store.GetAsync<List<string>>(StatusesKey(day), ct) ?? [];
        // This host's own new statuses may not have reached the list yet.
        statuses = [.. statuses.Union(_statusesNamed.Keys.Where(k => k.Day == day).Select(k => k.Status))];
        var byStatus = await Task.WhenAll(statuses.Select(async s => (Status: s, Count: await Read(WithStatus(s)))));
        return new VoiceCallsOfDay(await Read(Calls), await Read(Transferred), await Read(Timed), await Read(Seconds),
            byStatus.Where(s => s.Count > 0).ToDictionary(s => s.Status, s => s.Count));
    }

    public Task<IReadOnlyList<VoiceCallEnded>> RecentAsync(int count, CancellationToken ct = default) => store.RecentAsync<VoiceCallEnded>(Key, count, ct);
}
