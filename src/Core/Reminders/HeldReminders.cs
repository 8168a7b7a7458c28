using Huduma.Contact.Core.Privacy;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Core.Reminders;

/// <summary>A held reminder as /admin shows it: the document number masked.</summary>
public sealed record HeldReminder(string Member, string Document, int Sequence, ReminderRecord? Record);

/// <summary>
/// Reminders whose fate is unknown wait here until someone settles them: resent (the citizen may get
/// it twice — the admin's call, recorded) or counted as sent (the schedule moves on).
/// </summary>
public sealed class HeldReminders(IReminderStore store, ReminderPolicy policy, TimeProvider clock, ILogger<HeldReminders> logger)
{
    public async Task<IReadOnlyList<HeldReminder>> ListAsync(int count, CancellationToken ct = default)
    {
        var held = await store.HeldAsync(count, ct);
        var records = await Task.WhenAll(held.Select(r => store.GetRecordAsync(r, ct)));
        return held.Select((r, i) => new HeldReminder(r.Member, MaskedDocument(r.DocumentKey), r.Sequence, records[i])).ToList();
    }

    public async Task<bool> ResendAsync(string member, string by, CancellationToken ct = default)
    {
        var reminder = DueReminder.Parse(member);
        if (!await store.ReleaseHeldAsync(reminder, ct)) return false;
        var record = await store.GetRecordAsync(reminder, ct);
        var now = clock.GetUtcNow();
        await store.SetRecordAsync(reminder, new ReminderRecord(ReminderMark.Failed, record?.Attempts ?? 0, now, record?.SmsId, $"resend by {by}"), ct);
        await store.ScheduleAsync(reminder, policy.NextAllowed(now), ct);
        logger.LogInformation("Held reminder {Reminder} resent by {By}", MaskedDocument(reminder.DocumentKey) + "#" + reminder.Sequence, by);
        return true;
    }

    public async Task<bool> SettleAsSentAsync(string member, string by, CancellationToken ct = default)
    {
        var reminder = DueReminder.Parse(member);
        if (!await store.ReleaseHeldAsync(reminder, ct)) return false;
        var record = await store.GetRecordAsync(reminder, ct);
        var now = clock.GetUtcNow();
        await store.SetRecordAsync(reminder, new ReminderRecord(ReminderMark.Sent, record?.Attempts ?? 1, record?.At ?? now, record?.SmsId, $"counted as sent by {by}"), ct);
        if (policy.NextAfter(record?.At ?? now, reminder.Sequence) is { } next)
            await store.ScheduleAsync(reminder with { Sequence = reminder.Sequence + 1 }, next, ct);
        logger.LogInformation("Held reminder {Reminder} counted as sent by {By}", MaskedDocument(reminder.DocumentKey) + "#" + reminder.Sequence, by);
        return true;
    }

    private static string MaskedDocument(string documentKey)
    {
        var colon = documentKey.IndexOf(':');
        return colon <= 0 ? Mask.Number(documentKey) : $"{documentKey[..colon]} {Mask.Number(documentKey[(colon + 1)..])}";
    }
}
