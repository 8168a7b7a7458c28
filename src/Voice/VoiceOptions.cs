namespace Huduma.Contact.Voice;

/// <summary>"Voice" configuration: where transfers go, and the voices that speak (agents' hours, in the same section, are Core's <c>AgentHoursOptions</c>).</summary>
public sealed class VoiceOptions
{
    public const string Section = "Voice";

    /// <summary>The Twilio queue transferred callers wait in (agents dequeue from it).</summary>
    public string TwilioQueue { get; set; } = "agents";
    /// <summary>TwiML played while a caller waits in the queue; empty: Twilio's default music.</summary>
    public string? TwilioWaitUrl { get; set; }
    /// <summary>The agents' phone numbers Africa's Talking dials on a transfer, in order.</summary>
    public List<string> AgentNumbers { get; set; } = [];

    /// <summary>Twilio &lt;Say&gt; voice and language per our language (Twilio has no Kiswahili voice: see DESIGN.md).</summary>
    public string? TwilioVoiceEn { get; set; }
    public string TwilioLanguageEn { get; set; } = "en-GB";
    public string? TwilioVoiceSw { get; set; }
    public string TwilioLanguageSw { get; set; } = "en-GB";
    /// <summary>Africa's Talking &lt;Say voice&gt; per language (the names AT accepts are not confirmed: configure them).</summary>
    public string? AfricasTalkingVoiceEn { get; set; }
    public string? AfricasTalkingVoiceSw { get; set; }

    /// <summary>Where recorded and rendered prompts are (index.json and the .wav files; `render-prompts` writes here).</summary>
    public string AudioDirectory { get; set; } = "voice-audio";

    /// <summary>Seconds to wait for a key before saying "we did not hear a key".</summary>
    public int KeyTimeoutSeconds { get; set; } = 6;
    /// <summary>Seconds to wait for the next digit of a number.</summary>
    public int NumberTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How long a call's session is kept after its last step, ended or not: the call's report is made from it
    /// when the provider says the call ended, so it must outlast the longest call.
    /// </summary>
    public TimeSpan CallLifetime { get; set; } = TimeSpan.FromHours(2);

    public const string Rule = "Voice:CallLifetime must be 10 minutes to 1 day";

    public bool IsValid() => CallLifetime >= TimeSpan.FromMinutes(10) && CallLifetime <= TimeSpan.FromDays(1);
}
