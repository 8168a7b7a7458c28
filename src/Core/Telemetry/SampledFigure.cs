using System.Diagnostics.Metrics;

namespace Huduma.Contact.Core.Telemetry;

/// <summary>
/// The last figure an <see cref="ISampledGauge"/> read, for its ObservableGauge to report at a scrape without
/// a store read. Nothing is reported until the first read, nor after a failed one.
/// </summary>
public sealed class SampledFigure
{
    private long _value;
    private int _known;

    public void Set(long value)
    {
        Volatile.Write(ref _value, value);
        Volatile.Write(ref _known, 1);
    }

    public void Forget() => Volatile.Write(ref _known, 0);

    public IEnumerable<Measurement<long>> Observe() =>
        Volatile.Read(ref _known) == 1 ? [new Measurement<long>(Volatile.Read(ref _value))] : [];
}
