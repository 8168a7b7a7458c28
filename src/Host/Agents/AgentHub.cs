using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// The agent console's live feed (/agents/hub): every ticket opened or changed, on any host (with the
/// Redis backplane when Redis is configured), is pushed to every signed-in agent as "ticket". Agents
/// act through /agents/api (with the anti-forgery token), not through the hub.
/// </summary>
[Authorize(Policy = AccountSetup.AgentPolicy)]
internal sealed class AgentHub : Hub
{
    public const string Path = "/agents/hub";
}

/// <summary>Announces escalations to the agents' screens.</summary>
internal sealed class AgentHubNotifier(IHubContext<AgentHub> hub, EscalationViews views, ILogger<AgentHubNotifier> logger) : IEscalationListener
{
    public async Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct)
    {
        try { await hub.Clients.All.SendAsync("ticket", views.View(after), ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ticket is saved either way; screens catch up at their next refresh.
            logger.LogWarning(e, "Could not push escalation {Reference} to the agents' screens", after.Reference);
        }
    }
}
