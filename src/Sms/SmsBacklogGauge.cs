using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Sms;

/// <summary>
/// huduma_sms_outbound_backlog: replies in the outbound queue that no provider has taken yet (queued, or read
/// and not acknowledged). Sampled (<see cref="ISampledGauge"/>): counting reads every stream.
/// </summary>
internal sealed class SmsBacklogGauge : ISampledGauge
{
    private readonly ISmsQueue _queue;
    private readonly SampledFigure _backlog = new();

    public SmsBacklogGauge(ISmsQueue queue, IMeterFactory meters)
    {
        _queue = queue;
        HudumaMeter.Of(meters).CreateObservableGauge("huduma.sms.outbound.backlog", _backlog.Observe, description: "SMS queued and not yet accepted by a provider");
    }

    public async Task SampleAsync(CancellationToken ct) => _backlog.Set(await _queue.CountAsync(ct));

    public void Forget() => _backlog.Forget();
}
