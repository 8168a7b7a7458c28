using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// Samples the escalation queues' figures (a few reads, <see cref="IEscalationStore.QueueFiguresAsync"/>) for
/// <see cref="EscalationMetrics"/>' gauges, every Metrics:SampleInterval with the other sampled gauges. Its own
/// class because the store records into EscalationMetrics: the metrics cannot also hold the store.
/// </summary>
internal sealed class EscalationQueueGauge(IEscalationStore store, EscalationMetrics metrics) : ISampledGauge
{
    public async Task SampleAsync(CancellationToken ct) => metrics.Sampled(await store.QueueFiguresAsync(ct));

    public void Forget() => metrics.Sampled([]);
}
