namespace Huduma.Contact.Core.Telemetry;

/// <summary>
/// A gauge whose figure needs a store read (Redis in production): read in the background every
/// Metrics:SampleInterval into a field its ObservableGauge reports, so a scrape never waits on Redis and
/// never blocks a thread. Register an implementation as <c>ISampledGauge</c> and the host's sampler calls it.
/// Every host samples the same shared figures: dashboards take max() across hosts, not sum().
/// </summary>
public interface ISampledGauge
{
    /// <summary>Reads the figure now. A failure leaves the gauge without a value until a later read succeeds.</summary>
    Task SampleAsync(CancellationToken ct);

    /// <summary>The read failed: report nothing rather than a stale figure.</summary>
    void Forget();
}
