namespace Huduma.Contact.Core.Reminders;

/// <summary>
/// One reminder: the <paramref name="Sequence"/>-th (0 = the first) for a document. A document has at
/// most one in the queue at a time; the next is queued when this one is settled.
/// </summary>
internal sealed record DueReminder(string DocumentKey, int Sequence)
{
    /// <summary>The queue member: "national_id:12345678#0".</summary>
    public string Member => $"{DocumentKey}#{Sequence}";

    /// <summary>For logs and pages: "national_id 12****78#0".</summary>
    public string Masked => $"{Privacy.Mask.DocumentKey(DocumentKey)}#{Sequence}";

    public static DueReminder Parse(string member)
    {
        var hash = member.LastIndexOf('#');
        if (hash <= 0 || !int.TryParse(member.AsSpan(hash + 1), out var sequence))
            throw new FormatException($"not a reminder queue member: '{member}'");
        return new DueReminder(member[..hash], sequence);
    }
}

/// <summary>Where a reminder got to. Sending is written before the provider is called, so a host that dies leaves a trace.</summary>
public enum ReminderMark { Sending, Sent, Failed, Skipped, Unknown }

/// <summary>The record of one reminder (huduma:reminder:{document}#{sequence}): what makes "never twice" hold.</summary>
public sealed record ReminderRecord(ReminderMark Mark, int Attempts, DateTimeOffset At, string? SmsId = null, string? Note = null);

/// <summary>How many reminders are where, for /admin.</summary>
public sealed record ReminderQueueCounts(long DueNow, long Scheduled, long Leased, long Held);
