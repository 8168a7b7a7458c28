namespace Huduma.Contact.Host.Agents;

/// <summary>The agent console's live feed (configuration section "AgentConsole", checked at start).</summary>
internal sealed class ConsoleSignOutOptions
{
    public const string Section = "AgentConsole";

    /// <summary>
    /// How often each host re-reads the accounts of the consoles open on it and closes those no longer allowed: an
    /// account disabled or re-roled through another host's admin page loses its feed here within this time.
    /// </summary>
    public TimeSpan AccountCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What is wrong with the options, or null.</summary>
    public string? Problem() =>
        AccountCheckInterval < TimeSpan.FromMilliseconds(100) || AccountCheckInterval > TimeSpan.FromSeconds(30)
            // Kenya's Data Protection Act: a disabled agent stops seeing citizens' data at once, so the bound is short.
            ? $"{Section}:AccountCheckInterval is 00:00:00.1 to 00:00:30, not {AccountCheckInterval}"
            : null;
}
