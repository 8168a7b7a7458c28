namespace Huduma.Contact.Core.Privacy;

/// <summary>"Audit" configuration: how long the record of staff views of personal data is kept.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";
    public const int MaxRetentionDays = 3650;

    /// <summary>
    /// Days a day's entries are kept after that day ended (Nairobi). A year by default: long enough to answer a
    /// data subject's or the Data Commissioner's question about who saw what.
    /// </summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>
    /// Minutes within which the same person opening the same ticket again counts as one view: the console
    /// refreshes an open ticket every two seconds, which is one look, not thirty a minute.
    /// </summary>
    public int RepeatWindowMinutes { get; set; } = 10;

    public bool IsValid() => RetentionDays is >= 1 and <= MaxRetentionDays && RepeatWindowMinutes is >= 0 and <= 24 * 60;

    public const string Rule = "Audit:RetentionDays must be 1 to 3650 and Audit:RepeatWindowMinutes 0 to 1440";

    /// <summary>The moment a day's bucket may go: the end of that Nairobi day plus the retention.</summary>
    public DateTimeOffset ExpiryOf(DateOnly day) =>
        new DateTimeOffset(day.AddDays(1 + RetentionDays).ToDateTime(TimeOnly.MinValue), NairobiDay.Offset);
}
