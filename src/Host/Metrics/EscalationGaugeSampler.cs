using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Host.Metrics;

/// <summary>
/// Reads the escalation queues' figures (a few reads, <see cref="IEscalationStore.QueueFiguresAsync"/>)
/// every Metrics:SampleInterval (15 s by default) into <see cref="EscalationMetrics"/>, whose gauges a
/// scrape reads without waiting on Redis. While Redis is away the gauges keep the last sample.
/// </summary>
public sealed class EscalationGaugeSampler(IEscalationStore store, EscalationMetrics metrics, IConfiguration configuration, TimeProvider clock,
    ILogger<EscalationGaugeSampler> logger) : BackgroundService
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Metrics:SampleInterval", DefaultInterval);
        if (interval <= TimeSpan.Zero) throw new InvalidOperationException("Metrics:SampleInterval must be more than zero, e.g. 00:00:15");
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                metrics.Sampled(await store.QueueFiguresAsync(stoppingToken));
                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Once per outage, not every interval: readiness and the Redis error counter say the rest.
                if (!failing) logger.LogWarning(e, "Could not sample the escalation queues for the gauges; keeping the last sample");
                failing = true;
            }
            await Task.Delay(interval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
