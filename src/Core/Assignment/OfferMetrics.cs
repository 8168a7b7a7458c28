using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Core.Assignment;

/// <summary>
/// Offers on the "Huduma.Contact" meter: huduma_offers_made_total, _accepted_total, _declined_total and
/// _timed_out_total, each by {kind} (chat, callback). Counted on the host where each happened: sum() across hosts.
/// </summary>
public sealed class OfferMetrics
{
    private readonly Counter<long> _made, _accepted, _declined, _timedOut;

    public OfferMetrics(IMeterFactory meters)
    {
        var meter = HudumaMeter.Of(meters);
        _made = meter.CreateCounter<long>("huduma.offers.made", description: "Tickets offered to an agent, per kind");
        _accepted = meter.CreateCounter<long>("huduma.offers.accepted", description: "Offers an agent accepted (claimed), per kind");
        _declined = meter.CreateCounter<long>("huduma.offers.declined", description: "Offers an agent declined, per kind");
        _timedOut = meter.CreateCounter<long>("huduma.offers.timed_out", description: "Offers not accepted in time, moved on, per kind");
    }

    private static KeyValuePair<string, object?> Kind(string kind) => new("kind", kind);
    public void Made(string kind) => _made.Add(1, Kind(kind));
    public void Accepted(string kind) => _accepted.Add(1, Kind(kind));
    public void Declined(string kind) => _declined.Add(1, Kind(kind));
    public void TimedOut(string kind) => _timedOut.Add(1, Kind(kind));
}
