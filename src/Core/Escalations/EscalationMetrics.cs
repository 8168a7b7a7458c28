using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// The escalations' instruments on the "Huduma.Contact" meter (metrics catalog, issue 23):
/// huduma_escalations_opened_total {channel}, counted by the store when it makes a ticket (not when an
/// idempotency key finds one already made); huduma_escalations_waiting {channel} and
/// huduma_escalations_longest_wait_seconds {channel}, gauges read from the last sample of the queue
/// figures (<see cref="EscalationQueueGauge"/>, every Metrics:SampleInterval), so a scrape never waits on Redis. The
/// longest wait is counted from the sampled start of the wait to the scrape. Every host samples the same
/// shared queue: take max() across hosts, not sum().
/// </summary>
internal sealed class EscalationMetrics
{
    private readonly Counter<long> _opened;
    private readonly TimeProvider _clock;
    private volatile IReadOnlyList<EscalationQueueFigures> _queues = [];

    public EscalationMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = HudumaMeter.Of(meters);
        _opened = meter.CreateCounter<long>("huduma.escalations.opened", description: "Tickets opened (citizens handed to an agent), per channel");
        meter.CreateObservableGauge("huduma.escalations.waiting",
            () => _queues.Select(q => new Measurement<long>(q.Waiting, Channel(q.Channel))),
            description: "Tickets waiting for an agent now, per channel (sampled)");
        meter.CreateObservableGauge("huduma.escalations.longest_wait", LongestWaits, unit: "s",
            description: "How long the longest-waiting ticket has waited, per channel (0 when none waits)");
    }

    private static KeyValuePair<string, object?> Channel(string channel) => new("channel", channel);

    public void Opened(string channel) => _opened.Add(1, Channel(channel));

    /// <summary>The queue figures the gauges show until the next sample.</summary>
    public void Sampled(IReadOnlyList<EscalationQueueFigures> queues) => _queues = queues;

    private IEnumerable<Measurement<double>> LongestWaits()
    {
        var now = _clock.GetUtcNow();
        return _queues.Select(q => new Measurement<double>(
            q.OldestWaitingSince is { } since ? Math.Max(0, Math.Round((now - since).TotalSeconds, 1)) : 0, Channel(q.Channel)));
    }
}
