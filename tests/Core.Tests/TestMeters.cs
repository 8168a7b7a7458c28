using System.Diagnostics.Metrics;

namespace Huduma.Contact.Core.Tests;

/// <summary>Meters of this test only, as the host's IMeterFactory makes them (the collectors listen to this scope).</summary>
internal sealed class TestMeters : IMeterFactory
{
    private readonly Dictionary<string, Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        lock (_meters)
        {
            if (!_meters.TryGetValue(options.Name, out var meter))
                _meters[options.Name] = meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
            return meter;
        }
    }

    public void Dispose()
    {
        foreach (var meter in _meters.Values) meter.Dispose();
    }
}
