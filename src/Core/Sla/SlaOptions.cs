namespace Huduma.Contact.Core.Sla;

/// <summary>
/// Service levels per channel (configuration section "Sla", checked at start): how soon an agent must take a
/// waiting ticket (created → first claimed), in wall time or in the agents' working time (Voice:AgentHours,
/// Voice:AgentDays). A channel without a target has no SLA. The shipped targets are sample defaults for a
/// contact centre to set, not agreed service levels.
/// </summary>
public sealed class SlaOptions
{
    public const string Section = "Sla";

    /// <summary>Per channel ("Sla:Channels:chat:Within=00:02:00", "Sla:Channels:ussd:WorkingHours=true").</summary>
    public Dictionary<string, SlaTarget> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // A citizen in a live chat is watching the screen.
        ["chat"] = new() { Within = TimeSpan.FromMinutes(2) },
        // An SMS thread is answered within half an hour of the agents' working time.
        ["sms"] = new() { Within = TimeSpan.FromMinutes(30), WorkingHours = true },
        // USSD and voice tickets are call-backs: within 4 working hours.
        ["ussd"] = new() { Within = TimeSpan.FromHours(4), WorkingHours = true },
        ["voice"] = new() { Within = TimeSpan.FromHours(4), WorkingHours = true },
    };

    /// <summary>How often every host looks for tickets past their deadline (one script on Redis, however many tickets wait).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What is wrong with the options, or null.</summary>
    public string? Problem()
    {
        foreach (var (channel, target) in Channels)
        {
            if (string.IsNullOrWhiteSpace(channel) || channel.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
                return $"{Section}:Channels names channels in letters, digits and '-', not '{channel}'";
            if (target.Within < TimeSpan.FromSeconds(10) || target.Within > TimeSpan.FromDays(7))
                return $"{Section}:Channels:{channel}:Within is 00:00:10 to 7.00:00:00, not {target.Within}";
        }
        if (SweepInterval < TimeSpan.FromMilliseconds(100) || SweepInterval > TimeSpan.FromMinutes(1))
            return $"{Section}:SweepInterval is 00:00:00.1 to 00:01:00, not {SweepInterval}";
        return null;
    }
}

/// <summary>A channel's target: an agent takes its ticket <see cref="Within"/> this long, counted in working time or not.</summary>
public sealed class SlaTarget
{
    public TimeSpan Within { get; set; }
    /// <summary>Count only the agents' working hours and days (a call-back), not the clock (a live chat).</summary>
    public bool WorkingHours { get; set; }
}
