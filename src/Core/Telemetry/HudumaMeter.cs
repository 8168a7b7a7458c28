using System.Diagnostics.Metrics;

namespace Huduma.Contact.Core.Telemetry;

/// <summary>
/// The product's one Meter, "Huduma.Contact" (docs/DESIGN.md lists its instruments). Every class that records
/// asks <see cref="IMeterFactory"/> for it by this name and gets the same Meter, so any part of the host can
/// add instruments to it; /metrics exports it. Labels are always bounded: never a phone number, document
/// number, ticket reference or conversation id.
/// </summary>
public static class HudumaMeter
{
    public const string Name = "Huduma.Contact";

    /// <summary>Buckets for durations in seconds, as ASP.NET Core's own request duration uses (5 ms to 10 s).</summary>
    public static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    public static Meter Of(IMeterFactory meters) => meters.Create(Name);
}
