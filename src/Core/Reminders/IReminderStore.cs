namespace Huduma.Contact.Core.Reminders;

/// <summary>
/// The reminder queue and ledger. Due reminders wait in a set ordered by due time; a sweeper leases a
/// batch (moving it, atomically, to a leased set that expires), so two sweepers never take the same
/// reminder, and a batch whose host died is taken back when its lease runs out. Each reminder's record
/// is claimed before it is sent: a claim can be won once, which is what keeps a citizen from getting
/// the same reminder twice. In memory on the embedded default, Redis (twelve buckets, each one hash slot,
/// {reminders:b}) in production; one contract test suite runs against both. Another project reads only the
/// counts (/admin); the queue itself is Core's, so its members are internal.
/// </summary>
public interface IReminderStore
{
    /// <summary>Queues a reminder (or moves it, if it is already queued).</summary>
    internal Task ScheduleAsync(DueReminder reminder, DateTimeOffset dueAt, CancellationToken ct = default);

    /// <summary>Takes up to <paramref name="count"/> reminders due by <paramref name="now"/>, held until <paramref name="leaseUntil"/>.</summary>
    internal Task<IReadOnlyList<DueReminder>> LeaseAsync(DateTimeOffset now, int count, DateTimeOffset leaseUntil, CancellationToken ct = default);

    /// <summary>Takes back reminders whose lease ran out by <paramref name="now"/> (their sweeper died), leasing them anew.</summary>
    internal Task<IReadOnlyList<DueReminder>> ReclaimAsync(DateTimeOffset now, int count, DateTimeOffset leaseUntil, CancellationToken ct = default);

    /// <summary>Settles a leased reminder and, in the same step, queues the document's next one.</summary>
    internal Task FinishAsync(DueReminder reminder, DueReminder? next, DateTimeOffset nextDue, CancellationToken ct = default);

    /// <summary>Gives a leased reminder back to the queue, due later (quiet hours, a refused send).</summary>
    internal Task PostponeAsync(DueReminder reminder, DateTimeOffset dueAt, CancellationToken ct = default);

    /// <summary>Moves a leased reminder whose fate is unknown aside, to be settled by a report or an admin.</summary>
    internal Task HoldAsync(DueReminder reminder, CancellationToken ct = default);

    internal Task<IReadOnlyList<DueReminder>> HeldAsync(int count, CancellationToken ct = default);

    /// <summary>Takes a held reminder out of the held set; false when it was not held (someone settled it first).</summary>
    internal Task<bool> ReleaseHeldAsync(DueReminder reminder, CancellationToken ct = default);

    /// <summary>
    /// Marks the reminder as being sent, unless it already was: the attempt number for exactly one caller, null for the others. A reminder
    /// marked failed can be claimed again (the provider refused it: nothing went out). The claim names
    /// the outbox id the SMS will be recorded under, so a crash can be traced to what reached the outbox.
    /// </summary>
    internal Task<int?> TryClaimAsync(DueReminder reminder, string smsId, DateTimeOffset at, CancellationToken ct = default);

    internal Task SetRecordAsync(DueReminder reminder, ReminderRecord record, CancellationToken ct = default);
    internal Task<ReminderRecord?> GetRecordAsync(DueReminder reminder, CancellationToken ct = default);

    /// <summary>Whether the document has a reminder queued, leased or held (so a re-import does not queue a second).</summary>
    internal Task<bool> IsQueuedAsync(string documentKey, CancellationToken ct = default);

    Task<ReminderQueueCounts> CountAsync(DateTimeOffset now, CancellationToken ct = default);
}
