using System.Globalization;

namespace Huduma.Contact.Core.Reminders;

/// <summary>
/// When reminders may go out: the schedule after a document becomes ready, moved out of the quiet
/// hours (by default 20:00–08:00 Africa/Nairobi) to the next morning. Pure functions of the options and
/// the time given, so tests can ask about 19:59 and 08:00 without waiting.
/// </summary>
internal sealed class ReminderPolicy
{
    private readonly TimeOnly _quietStart, _quietEnd;
    private readonly TimeZoneInfo _zone;

    public ReminderPolicy(ReminderOptions options)
    {
        (_quietStart, _quietEnd) = ParseWindow(options.QuietHours);
        _zone = FindZone(options.TimeZone);
        ScheduleDays = ParseSchedule(options.Schedule);
        if (options.MaxPerDocument < 1) throw new ArgumentException("Reminders:MaxPerDocument must be at least 1");
        Count = Math.Min(options.MaxPerDocument, ScheduleDays.Count);
    }

    /// <summary>Days after readiness of each reminder, in order.</summary>
    public IReadOnlyList<int> ScheduleDays { get; }

    /// <summary>The zone the quiet hours are in (Reminders:TimeZone).</summary>
    public string TimeZoneId => _zone.Id;

    /// <summary>How many reminders a document gets at most.</summary>
    public int Count { get; }

    public bool IsQuiet(DateTimeOffset at)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);
        return _quietStart > _quietEnd
            ? local >= _quietStart || local < _quietEnd // the window spans midnight
            : local >= _quietStart && local < _quietEnd;
    }

    /// <summary><paramref name="at"/> itself when it is daytime, else the end of the quiet hours that hold it.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset at)
    {
        if (!IsQuiet(at)) return at;
        var local = TimeZoneInfo.ConvertTime(at, _zone);
        var endDate = DateOnly.FromDateTime(local.DateTime);
        // Before midnight in a window that spans it, the window ends tomorrow.
        if (_quietStart > _quietEnd && TimeOnly.FromDateTime(local.DateTime) >= _quietStart) endDate = endDate.AddDays(1);
        var end = endDate.ToDateTime(_quietEnd);
        return new DateTimeOffset(end, _zone.GetUtcOffset(end));
    }

    /// <summary>When reminder <paramref name="sequence"/> (0 = the first) is due, or null when there is none.</summary>
    public DateTimeOffset? DueAt(DateTimeOffset readyAt, int sequence) =>
        sequence < Count ? NextAllowed(readyAt.AddDays(ScheduleDays[sequence])) : null;

    /// <summary>The reminder after <paramref name="sequence"/>, timed from when that one went out.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset sentAt, int sequence) =>
        sequence + 1 < Count ? NextAllowed(sentAt.AddDays(ScheduleDays[sequence + 1] - ScheduleDays[sequence])) : null;

    private static (TimeOnly, TimeOnly) ParseWindow(string window)
    {
        var parts = window.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            return (start, end);
        throw new ArgumentException($"Reminders:QuietHours must look like 20:00-08:00, not '{window}'");
    }

    private static IReadOnlyList<int> ParseSchedule(string schedule)
    {
        var days = new List<int>();
        foreach (var part in schedule.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || (days.Count > 0 && d <= days[^1]))
                throw new ArgumentException($"Reminders:Schedule must be increasing whole days such as '0, 7, 30, 60', not '{schedule}'");
            days.Add(d);
        }
        if (days.Count == 0) throw new ArgumentException("Reminders:Schedule names no days");
        return days;
    }

    public static TimeZoneInfo FindZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) when (id == "Africa/Nairobi")
        {
            // A machine without tzdata: East Africa Time is UTC+3 all year, with no daylight saving.
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(3), id, "EAT");
        }
    }
}
