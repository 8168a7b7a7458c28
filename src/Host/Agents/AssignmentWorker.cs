using System.Threading.Channels;
using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// Assignment's background work on every host: what each ticket change means for offers (taken off the
/// request that made the change, so a citizen's message is not held up by choosing an agent), every
/// <see cref="AssignmentOptions.SweepInterval"/> the offers past their deadline moved on (the store hands
/// each to one host only, so no host has to stay alive for an offer to move), and the heartbeats of the
/// consoles open here renewed every third of <see cref="AssignmentOptions.PresenceTimeout"/>.
/// </summary>
internal sealed class AssignmentWorker(TicketOffers offers, IAssignmentStore store, ConsolePresence consoles, AssignmentOptions options,
    TimeProvider clock, ILogger<AssignmentWorker> logger) : BackgroundService, IEscalationListener
{
    // Changes are few (people's actions and citizens asking for help); bounded so a stuck Redis cannot grow it without end.
    private readonly Channel<(Escalation? Before, Escalation After)> _changes = Channel.CreateBounded<(Escalation?, Escalation)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    // A few changes at once: each is a handful of store round trips.
    private readonly SemaphoreSlim _parallel = new(8);

    public Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct)
    {
        _changes.Writer.TryWrite((before, after));
        return Task.CompletedTask;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ChangesAsync(stoppingToken), EveryAsync(options.SweepInterval, SweepAsync, stoppingToken),
            EveryAsync(options.PresenceTimeout / 3, RenewAsync, stoppingToken));

    private async Task ChangesAsync(CancellationToken ct)
    {
        await foreach (var (before, after) in _changes.Reader.ReadAllAsync(ct))
        {
            await _parallel.WaitAsync(ct);
            _ = Task.Run(async () =>
            {
                try { await offers.OnChangedAsync(before, after, ct); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The ticket stays in the queue for a claim by hand, and is offered at the next chance (an agent freeing up).
                    logger.LogWarning(e, "Could not offer {Reference} after it changed to {Status}", after.Reference, after.Status);
                }
                finally { _parallel.Release(); }
            }, CancellationToken.None);
        }
    }

    private async Task SweepAsync(CancellationToken ct) => await offers.SweepAsync(ct);

    private async Task RenewAsync(CancellationToken ct) =>
        await store.HeartbeatAsync(await consoles.OpenForActiveAgentsAsync(ct), clock.GetUtcNow() + options.PresenceTimeout, ct);

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await work(ct); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Assignment's background work failed; trying again in {Interval}", interval);
                }
            }
        }
        catch (OperationCanceledException) { } // stopping
    }
}
