using Huduma.Contact.Core.Privacy;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Core.Reminders;

/// <summary>A held reminder as /admin shows it: the document number masked.</summary>
public sealed record HeldReminder(string Member, string Document, int Sequence, ReminderRecord? Record);

/// <summary>
/// Reminders whose fate is unknown wait here until someone settles them: resent (the citizen may get
/// it twice — the admin's call, recorded) or counted as sent (the schedule moves on).
/// </summary>
public sealed class HeldReminders
{
    private readonly IReminderStore _store;
    private readonly ReminderPolicy _policy;
    private readonly TimeProvider _clock;
    private readonly ILogger<HeldReminders> _logger;

    internal HeldReminders(IReminderStore store, ReminderPolicy policy, TimeProvider clock, ILogger<HeldReminders> logger)
    {
        _store = store;
        _policy = policy;
        _clock = clock;
        _logger = logger;
    }

    public async Task<IReadOnlyList<HeldReminder>> ListAsync(int count, CancellationToken ct = default)
    {
        var held = await _store.HeldAsync(count, ct);
        var records = await Task.WhenAll(held.Select(r => _store.GetRecordAsync(r, ct)));
        return held.Select((r, i) => new HeldReminder(r.Member, Mask.DocumentKey(r.DocumentKey), r.Sequence, records[i])).ToList();
    }

    /// <summary>An admin's "resend": the citizen may get it twice — their call, recorded.</summary>
    public Task<bool> ResendAsync(string member, string by, CancellationToken ct = default) =>
        ResendAsync(DueReminder.Parse(member), $"resend by {by}", ct);

    /// <summary>An admin's "count as sent": the schedule moves on.</summary>
    public Task<bool> SettleAsSentAsync(string member, string by, CancellationToken ct = default) =>
        CountAsSentAsync(DueReminder.Parse(member), $"counted as sent by {by}", ct);

    /// <summary>Takes the reminder out of the held set and queues it to go again now; false when it was not held.</summary>
    internal async Task<bool> ResendAsync(DueReminder reminder, string note, CancellationToken ct = default)
    {
        if (!await _store.ReleaseHeldAsync(reminder, ct)) return false;
        var record = await _store.GetRecordAsync(reminder, ct);
        var now = _clock.GetUtcNow();
        // Marked failed, so the next sweep's claim wins it again.
        await _store.SetRecordAsync(reminder, new ReminderRecord(ReminderMark.Failed, record?.Attempts ?? 0, now, record?.SmsId, note), ct);
        await _store.ScheduleAsync(reminder, _policy.NextAllowed(now), ct);
        _logger.LogInformation("Held reminder {Reminder} sent again: {Note}", reminder.Masked, note);
        return true;
    }

    /// <summary>Takes the reminder out of the held set as sent, and queues the document's next one; false when it was not held.</summary>
    internal async Task<bool> CountAsSentAsync(DueReminder reminder, string note, CancellationToken ct = default)
    {
        if (!await _store.ReleaseHeldAsync(reminder, ct)) return false;
        var record = await _store.GetRecordAsync(reminder, ct);
        var at = record?.At ?? _clock.GetUtcNow();
        await _store.SetRecordAsync(reminder, new ReminderRecord(ReminderMark.Sent, record?.Attempts ?? 1, at, record?.SmsId, note), ct);
        if (_policy.NextAfter(at, reminder.Sequence) is { } next)
            await _store.ScheduleAsync(reminder with { Sequence = reminder.Sequence + 1 }, next, ct);
        _logger.LogInformation("Held reminder {Reminder} counted as sent: {Note}", reminder.Masked, note);
        return true;
    }
}
