namespace Huduma.Contact.Core.Reminders;

/// <summary>What to do with a reminder whose fate is unknown: the host died while a provider had it.</summary>
public enum UnknownFatePolicy
{
    /// <summary>
    /// The default. Keep it aside, visible in /admin, until the provider's delivery report says it went
    /// (then it counts as sent); with no report within <see cref="ReminderOptions.UnknownWait"/>, it did
    /// not go, and is sent again.
    /// </summary>
    WaitForReport,
    /// <summary>Keep it aside until a delivery report or an admin settles it: never sent twice by the sweep.</summary>
    Hold,
    /// <summary>Count it as sent and go on to the next reminder.</summary>
    AssumeSent,
    /// <summary>Send it again: a citizen may get it twice.</summary>
    Resend,
}

/// <summary>The reminder policy (configuration section "Reminders", see DESIGN.md).</summary>
public sealed class ReminderOptions
{
    /// <summary>No SMS in this local-time window: "20:00-08:00" (start inclusive, end exclusive).</summary>
    public string QuietHours { get; set; } = "20:00-08:00";
    public string TimeZone { get; set; } = "Africa/Nairobi";
    /// <summary>Days after a document became ready that each reminder is due: "0, 7, 30, 60".</summary>
    public string Schedule { get; set; } = "0, 7, 30, 60";
    public int MaxPerDocument { get; set; } = 4;
    /// <summary>When Hangfire runs the sweep (cron; six fields for seconds). Every minute by default.</summary>
    public string SweepCron { get; set; } = "* * * * *";
    /// <summary>Reminders taken from the due set at once by one sweeper.</summary>
    public int BatchSize { get; set; } = 500;
    /// <summary>Reminders one sweeper sends at once: each in flight is one whose fate a crash would leave unknown.</summary>
    public int Parallelism { get; set; } = 16;
    /// <summary>How long a sweeper holds a batch before another may take it back (a host that died).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>A reminder the provider refused is tried again after this long, at most <see cref="MaxAttempts"/> times.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(15);
    public int MaxAttempts { get; set; } = 3;
    public UnknownFatePolicy UnknownFate { get; set; } = UnknownFatePolicy.WaitForReport;
    /// <summary>How long <see cref="UnknownFatePolicy.WaitForReport"/> waits for a delivery report.</summary>
    public TimeSpan UnknownWait { get; set; } = TimeSpan.FromHours(1);
    /// <summary>
    /// A document first seen already ready gets reminders only if it became ready this recently; older
    /// ones are the backlog, which an admin reaches with a campaign rather than all at once by surprise.
    /// </summary>
    public int NewReadyWithinDays { get; set; } = 3;
}
