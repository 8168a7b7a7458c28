using Huduma.Contact.Core.Sla;
using Microsoft.AspNetCore.SignalR;

namespace Huduma.Contact.Host.Agents;

/// <summary>A breach as the supervisors' consoles are told of it ("sla-breach" on the hub).</summary>
internal sealed record SlaBreachView(string Reference, string Channel, DateTimeOffset Deadline);

/// <summary>
/// Every <see cref="SlaOptions.SweepInterval"/>, on every host: the tickets past their SLA deadline, each taken by
/// one host (<see cref="ISlaStore.TakeBreachedAsync"/>), are counted (huduma_sla_breaches_total) and pushed to the
/// supervisors' consoles on any host (the hub's "supervisors" group, over the Redis backplane).
/// </summary>
internal sealed class SlaWorker(ISlaStore store, SlaOptions options, SlaMetrics metrics, IHubContext<AgentHub> hub, TimeProvider clock,
    ILogger<SlaWorker> logger) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await SweepAsync(stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The SLA sweep failed; trying again in {Interval}", options.SweepInterval);
                }
            }
        }
        catch (OperationCanceledException) { } // stopping
    }

    /// <summary>Takes the breaches due now (a batch at a time) and raises each; returns how many this host took.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            var breached = await store.TakeBreachedAsync(Batch, ct);
            foreach (var breach in breached)
            {
                metrics.Breached(breach.Channel);
                logger.LogInformation("SLA breached: {Reference} ({Channel}) not taken by {Deadline:O}", breach.Reference, breach.Channel, breach.Deadline);
                try { await hub.Clients.Group(AgentHub.Supervisors).SendAsync("sla-breach", new SlaBreachView(breach.Reference, breach.Channel, breach.Deadline), ct); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Counted and on the dashboard either way.
                    logger.LogWarning(e, "Could not push the SLA breach of {Reference} to the supervisors", breach.Reference);
                }
            }
            total += breached.Count;
            if (breached.Count < Batch) return total;
        }
    }
}
