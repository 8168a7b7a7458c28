using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// The agent console's live feed (/agents/hub): every ticket opened or changed, on any host (with the
/// Redis backplane when Redis is configured), is pushed to every signed-in agent as "ticket"; an offer
/// only to its agent, as "offer" and "offer-withdrawn". Agents act through /agents/api (with the
/// anti-forgery token), not through the hub. An open connection is an open console: the agent's presence
/// (<see cref="ConsolePresence"/>). Supervisors' (and admins') consoles are also in the <see cref="Supervisors"/>
/// group, told of each SLA breach as "sla-breach". A connection lasts only while its account counts: closed by
/// <see cref="ConsoleSignOuts"/> once it is disabled, removed or given another role.
/// </summary>
[Authorize(Policy = AccountSetup.AgentPolicy)]
internal sealed class AgentHub(ConsolePresence consoles, ConsoleSignOuts signOuts, ILogger<AgentHub> logger) : Hub
{
    public const string Path = "/agents/hub";
    public const string Supervisors = "supervisors";

    public override async Task OnConnectedAsync()
    {
        signOuts.Opened(Context);
        if (Roles.AtLeast(Roles.Supervisor).Any(role => Context.User?.IsInRole(role) == true))
            await Groups.AddToGroupAsync(Context.ConnectionId, Supervisors);
        if (Context.User?.Identity?.Name is { } agent)
        {
            // The live feed works without presence (Redis away for a moment): the heartbeat renewal records the console later.
            try { await consoles.OpenedAsync(agent, Context.ConnectionId, Context.ConnectionAborted); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Could not record {Agent}'s console as open", agent); }
        }
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        signOuts.Closed(Context);
        if (Context.User?.Identity?.Name is { } agent)
        {
            // If this fails, the console's heartbeat expires by itself within the presence timeout.
            try { await consoles.ClosedAsync(agent, Context.ConnectionId, CancellationToken.None); }
            catch (Exception e) { logger.LogWarning(e, "Could not record {Agent}'s console as closed", agent); }
        }
        await base.OnDisconnectedAsync(exception);
    }
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
