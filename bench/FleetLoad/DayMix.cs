namespace Huduma.Contact.Bench.FleetLoad;

/// <summary>
/// A busy hour of a day at the 1919 line, as sessions started a second on each channel. The shares are
/// assumed, not measured (no traffic figures are published): most citizens dial USSD to ask whether a
/// document is ready, fewer text, fewer still chat or call. A USSD session is six hops, a chat six
/// requests, a call seven, an SMS one callback (and a reply sent to the provider).
/// </summary>
internal sealed record DayMix(double Ussd, double Sms, double Chat, double Voice)
{
    /// <summary>About 360 requests a second in all; <paramref name="scale"/> multiplies every channel.</summary>
    public static DayMix BusyHour(double scale) => new(40 * scale, 15 * scale, 8 * scale, 8 * scale);

    /// <summary>The mix with every channel but one at zero.</summary>
    public DayMix Only(string channel) => channel switch
    {
        "ussd" => new(Ussd, 0, 0, 0),
        "sms" => new(0, Sms, 0, 0),
        "chat" => new(0, 0, Chat, 0),
        "voice" => new(0, 0, 0, Voice),
        _ => throw new ArgumentException($"no channel {channel}", nameof(channel)),
    };
}
