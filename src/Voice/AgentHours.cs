using Huduma.Contact.Core.Reminders;

namespace Huduma.Contact.Voice;

/// <summary>Whether agents take calls now: <see cref="VoiceOptions.AgentHours"/> on <see cref="VoiceOptions.AgentDays"/>, local time.</summary>
public sealed class AgentHours
{
    private readonly TimeOnly _from, _to;
    private readonly HashSet<DayOfWeek> _days;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _clock;

    public AgentHours(VoiceOptions options, TimeProvider clock)
    {
        var parts = options.AgentHours.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TimeOnly.TryParse(parts[0], out _from) || !TimeOnly.TryParse(parts[1], out _to) || _from >= _to)
            throw new ArgumentException($"Voice:AgentHours must look like 08:00-17:00, not '{options.AgentHours}'");
        _days = options.AgentDays.Select(d => Enum.GetValues<DayOfWeek>().FirstOrDefault(w => w.ToString().StartsWith(d.Trim(), StringComparison.OrdinalIgnoreCase), (DayOfWeek)(-1)))
            .ToHashSet();
        if (_days.Contains((DayOfWeek)(-1)) || _days.Count == 0)
            throw new ArgumentException($"Voice:AgentDays must name days such as Mon, Tue, not '{string.Join(",", options.AgentDays)}'");
        _zone = ReminderPolicy.FindZone(options.TimeZone);
        _clock = clock;
    }

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
