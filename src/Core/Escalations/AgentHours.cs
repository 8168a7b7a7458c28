using Huduma.Contact.Core.Reminders;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// Whether agents take a citizen now: <c>hours</c> (e.g. "08:00-17:00") on <c>days</c> (three-letter
/// English names), local time in <c>timeZone</c>. Read by <see cref="Conversations.Conversations"/>'s
/// handoff policy; configured from the "Voice" section (Voice:AgentHours, Voice:AgentDays, Voice:TimeZone),
/// where a bad value stops start-up with its name.
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
