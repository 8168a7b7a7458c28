using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Core.Sla;

/// <summary>
/// huduma_sla_breaches_total {channel} on the "Huduma.Contact" meter: tickets not taken by an agent by their SLA
/// deadline, counted on the host whose sweep found each (once fleet-wide): sum() across hosts.
/// </summary>
public sealed class SlaMetrics
{
    private readonly Counter<long> _breaches;

    public SlaMetrics(IMeterFactory meters) =>
        _breaches = HudumaMeter.Of(meters).CreateCounter<long>("huduma.sla.breaches", description: "Tickets not taken by their SLA deadline, per channel");

    public void Breached(string channel) => _breaches.Add(1, new KeyValuePair<string, object?>("channel", channel));
}
