using Huduma.Contact.Core.Reminders;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// Whether agents take a citizen now: <c>hours</c> (e.g. "08:00-17:00") on <c>days</c> (three-letter
/// English names), local time in <c>timeZone</c>. Read by <see cref="Conversations.Conversations"/>'s
/// handoff policy; configured from the "Voice" section (Voice:AgentHours, Voice:AgentDays, Voice:TimeZone) by
/// Core itself (<see cref="AgentHoursOptions"/>), where a bad value stops start-up with its name.
/// </summary>
public sealed class AgentHours
{
    private readonly TimeOnly _from, _to;
    private readonly HashSet<DayOfWeek> _days;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _clock;

    public AgentHours(string hours, IEnumerable<string> days, string timeZone, TimeProvider clock)
    {
        var parts = hours.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TimeOnly.TryParse(parts[0], out _from) || !TimeOnly.TryParse(parts[1], out _to) || _from >= _to)
            throw new ArgumentException($"Voice:AgentHours must look like 08:00-17:00, not '{hours}'");
        var named = days.ToList();
        _days = named.Select(d => Enum.GetValues<DayOfWeek>().FirstOrDefault(w => w.ToString().StartsWith(d.Trim(), StringComparison.OrdinalIgnoreCase), (DayOfWeek)(-1)))
            .ToHashSet();
        if (_days.Contains((DayOfWeek)(-1)) || _days.Count == 0)
            throw new ArgumentException($"Voice:AgentDays must name days such as Mon, Tue, not '{string.Join(",", named)}'");
        _zone = ReminderPolicy.FindZone(timeZone);
        _clock = clock;
    }

    /// <summary>Monday to Friday, 08:00-17:00 Nairobi: the shipped default.</summary>
    public static AgentHours Default(TimeProvider clock) => new("08:00-17:00", ["Mon", "Tue", "Wed", "Thu", "Fri"], "Africa/Nairobi", clock);

    /// <summary>
    /// The moment <paramref name="span"/> of working time has passed after <paramref name="start"/>: time outside
    /// the hours and days does not count (a call-back asked for at 16:00 on a Friday, within 4 working hours, is
    /// due at 11:00 on Monday). Local days are walked one at a time, up to a year of them.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan span)
    {
        var local = TimeZoneInfo.ConvertTime(start, _zone).DateTime;
        var left = span;
        for (var day = 0; day < 400; day++, local = local.Date.AddDays(1))
        {
            if (!_days.Contains(local.DayOfWeek)) continue;
            var time = TimeOnly.FromDateTime(local);
            if (time >= _to) continue;
            var from = time < _from ? _from : time;
            var open = _to - from;
            if (left <= open) return Utc(local.Date + from.ToTimeSpan() + left);
            left -= open;
        }
        throw new InvalidOperationException($"{span} of working time does not fit in a year of working days");
    }

    private DateTimeOffset Utc(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone), TimeSpan.Zero);

    public bool Open
    {
        get
        {
            var local = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), _zone);
            var time = TimeOnly.FromDateTime(local.DateTime);
            return _days.Contains(local.DayOfWeek) && time >= _from && time < _to;
        }
    }
}
