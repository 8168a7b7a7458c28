using Huduma.Contact.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Host.Metrics;

/// <summary>
/// Reads every <see cref="ISampledGauge"/> (reminders due, the outbound SMS backlog, and any other part's)
/// every Metrics:SampleInterval, so that a scrape reports figures already in memory: it never waits on Redis
/// and never blocks a thread. A gauge whose read fails reports nothing until a read succeeds again.
/// </summary>
internal sealed class GaugeSampler(IEnumerable<ISampledGauge> gauges, IOptions<MetricsOptions> options, TimeProvider clock,
    ILogger<GaugeSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var all = gauges.ToArray();
        var failing = new bool[all.Length];
        using var timer = new PeriodicTimer(options.Value.SampleInterval, clock);
        try
        {
            do
            {
                for (var i = 0; i < all.Length; i++)
                {
                    try
                    {
                        await all[i].SampleAsync(stopping);
                        failing[i] = false;
                    }
                    catch (Exception e) when (!stopping.IsCancellationRequested)
                    {
                        all[i].Forget();
                        // Redis away, most likely: said once, not every interval.
                        if (!failing[i]) logger.LogWarning("Metrics: cannot read {Gauge} ({Error}); it is not reported until it can be read again",
                            all[i].GetType().Name, e.Message);
                        failing[i] = true;
                    }
                }
            } while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
    }
}
