namespace Huduma.Contact.Core.Privacy;

/// <summary>The audit's day: a calendar day in Nairobi, which keeps East Africa Time all year.</summary>
internal static class NairobiDay
{
    public static readonly TimeSpan Offset = State.DailyCounters.Nairobi;

    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);
}
