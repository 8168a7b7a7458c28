using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Sla;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// Keeps the SLA deadlines in step with the tickets: a ticket waiting (opened, or released back to the queue) is
/// watched until its deadline from when it was created; one an agent took, or that ended, is not. One store call
/// a change, on the request that made it.
/// </summary>
internal sealed class SlaWatcher(ISlaStore store, SlaPolicy policy, ILogger<SlaWatcher> logger) : IEscalationListener
{
    public async Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct)
    {
        if (before?.Status == after.Status) return; // a reply, a call logged, a transfer: nothing for the SLA
        try
        {
            if (after.Status == EscalationStatus.Open && policy.DeadlineFor(after) is { } deadline)
                await store.WatchAsync(after.Reference, after.Channel, deadline, ct);
            else if (before is not null) await store.UnwatchAsync(after.Reference, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ticket is saved either way; only its SLA goes unwatched (a breach then goes unseen).
            logger.LogWarning(e, "Could not update the SLA watch of {Reference} ({Status})", after.Reference, after.Status);
        }
    }
}
