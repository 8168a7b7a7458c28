namespace Huduma.Contact.Voice;

/// <summary>"Voice" configuration: when agents take calls, where transfers go, and the voices that speak.</summary>
public sealed class VoiceOptions
{
    public const string Section = "Voice";

    /// <summary>When agents answer transferred calls, local time in <see cref="TimeZone"/>, e.g. "08:00-17:00".</summary>
    public string AgentHours { get; set; } = "08:00-17:00";
    /// <summary>The days agents answer (three-letter English names).</summary>
    public List<string> AgentDays { get; set; } = ["Mon", "Tue", "Wed", "Thu", "Fri"];
    public string TimeZone { get; set; } = "Africa/Nairobi";

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
}
