using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Telemetry;
using Polly.CircuitBreaker;

namespace Huduma.Contact.Sms;

/// <summary>
/// huduma_sms_circuit_open {provider}: 1 while a provider's circuit breaker (in its HttpClient's resilience
/// pipeline) is open and sends to it fail at once, else 0. Read from the breaker itself at each scrape: no store read.
/// Half-open (a trial call is let through) counts as not open.
/// </summary>
internal sealed class SmsCircuitGauge
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _circuits = new();

    public SmsCircuitGauge(IMeterFactory meters) =>
        HudumaMeter.Of(meters).CreateObservableGauge("huduma.sms.circuit_open", Observe, description: "1 while an SMS provider's circuit breaker is open");

    /// <summary>The state of <paramref name="provider"/>'s breaker: given to its pipeline's options, and shown from then on (0 until it opens).</summary>
    public CircuitBreakerStateProvider For(string provider) => _circuits.GetOrAdd(provider, _ => new CircuitBreakerStateProvider());

    private IEnumerable<Measurement<int>> Observe()
    {
        foreach (var (provider, circuit) in _circuits)
            yield return new Measurement<int>(circuit.CircuitState is CircuitState.Open or CircuitState.Isolated ? 1 : 0,
                new KeyValuePair<string, object?>("provider", provider));
    }
}
