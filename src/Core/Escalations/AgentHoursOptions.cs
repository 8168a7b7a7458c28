namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// When agents take a citizen (<see cref="AgentHours"/>), for Core's handoff policy on every channel. The
/// keys stay in the "Voice" section (Voice:AgentHours, Voice:AgentDays, Voice:TimeZone), where deployments
/// already set them; Core reads them itself, so a host without the voice channel has agents' hours too.
/// </summary>
internal sealed class AgentHoursOptions
{
    public const string Section = "Voice";

    /// <summary>Local time in <see cref="TimeZone"/>, e.g. "08:00-17:00".</summary>
    public string AgentHours { get; set; } = "08:00-17:00";
    /// <summary>The days agents answer (three-letter English names).</summary>
    public List<string> AgentDays { get; set; } = ["Mon", "Tue", "Wed", "Thu", "Fri"];
    public string TimeZone { get; set; } = "Africa/Nairobi";

    /// <summary>The hours these options name; a bad value throws with the setting's name.</summary>
    public AgentHours Build(TimeProvider clock) => new(AgentHours, AgentDays, TimeZone, clock);
}
