using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Reminders;

namespace Huduma.Contact.Core.Telemetry;

/// <summary>
/// huduma_reminders_due: reminders due now and not yet sent — waiting in the queue, or leased by a sweep that
/// is sending them. Sampled (<see cref="ISampledGauge"/>): counting them reads every bucket.
/// </summary>
internal sealed class RemindersDueGauge : ISampledGauge
{
    private readonly IReminderStore _store;
    private readonly TimeProvider _clock;
    private readonly SampledFigure _due = new();

    public RemindersDueGauge(IReminderStore store, TimeProvider clock, IMeterFactory meters)
    {
        (_store, _clock) = (store, clock);
        HudumaMeter.Of(meters).CreateObservableGauge("huduma.reminders.due", _due.Observe, description: "Reminders due now and not yet sent");
    }

    public async Task SampleAsync(CancellationToken ct)
    {
        var counts = await _store.CountAsync(_clock.GetUtcNow(), ct);
        _due.Set(counts.DueNow + counts.Leased);
    }

    public void Forget() => _due.Forget();
}
