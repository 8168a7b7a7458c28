using System.Globalization;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// Nairobi days from one to another (both included) as the supervisors ask for figures and exports:
/// ?from=yyyy-MM-dd&amp;to=yyyy-MM-dd, without them the last seven days to today. At most <see cref="MaxDays"/>
/// days: the day counters are kept 400 days, and a year is what a report compares.
/// </summary>
internal sealed record DayRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;
    /// <summary>Before any ticket this product kept; it also keeps the days' arithmetic far from DateOnly's ends (a 400, not a 500).</summary>
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The instant the first day starts in Nairobi.</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), Core.State.DailyCounters.Nairobi);

    /// <summary>The instant after the last day ends in Nairobi.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), Core.State.DailyCounters.Nairobi);

    /// <summary>The range asked for, or why it cannot be read (a 400's message).</summary>
    public static (DayRange? Range, string? Error) Parse(string? from, string? to, DateOnly today)
    {
        if (!TryDay(to, today, out var last)) return (null, $"to must be a date as yyyy-MM-dd, not '{to}'");
        if (last < Earliest || last > today.AddDays(1)) return (null, $"to must be from {Earliest:yyyy-MM-dd} to tomorrow, not {last:yyyy-MM-dd}");
        if (!TryDay(from, last.AddDays(-6), out var first)) return (null, $"from must be a date as yyyy-MM-dd, not '{from}'");
        if (first < Earliest) return (null, $"from must be {Earliest:yyyy-MM-dd} or later, not {first:yyyy-MM-dd}");
        if (first > last) return (null, $"from ({first:yyyy-MM-dd}) is after to ({last:yyyy-MM-dd})");
        var range = new DayRange(first, last);
        return range.Days > MaxDays ? (null, $"a range is at most {MaxDays} days; {first:yyyy-MM-dd} to {last:yyyy-MM-dd} is {range.Days}") : (range, null);
    }

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        day = fallback;
        return string.IsNullOrWhiteSpace(text) || DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
