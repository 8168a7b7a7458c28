using System.Collections.Concurrent;
using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// The agent consoles open on this host (their hub connections) and what opening, closing and choosing a
/// status mean for presence: a console's heartbeat is written when it connects and renewed by
/// <see cref="AssignmentWorker"/> while it stays; closing it removes it at once. If this host dies, its
/// consoles' heartbeats simply expire (<see cref="AssignmentOptions.PresenceTimeout"/>), and other hosts see those agents as away.
/// </summary>
internal sealed class ConsolePresence(IAssignmentStore store, TicketOffers offers, AccountStore accounts, AssignmentOptions options,
    TimeProvider clock, ILogger<ConsolePresence> logger)
{
    private readonly ConcurrentDictionary<string, string> _open = new(); // connection id → agent

    public IReadOnlyCollection<(string Agent, string Connection)> Open => _open.Select(c => (c.Value, c.Key)).ToList();

    /// <summary>
    /// The consoles open here whose accounts are still active agents', for the heartbeat renewal: one whose account was
    /// disabled elsewhere (another host's admin page) stops counting as open within the presence timeout.
    /// </summary>
    public async Task<IReadOnlyCollection<(string Agent, string Connection)>> OpenForActiveAgentsAsync(CancellationToken ct)
    {
        var open = Open;
        var active = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in open.Select(c => c.Agent).Distinct())
            if ((await accounts.GetAsync(agent, ct))?.IsActiveAgent() == true) active.Add(agent);
        return open.Where(c => active.Contains(c.Agent)).ToList();
    }

    /// <summary>An admin disabled the account: away at once, and the offers pending to it move on to the next agent.</summary>
    public async Task AccountDisabledAsync(string agent, CancellationToken ct)
    {
        logger.LogInformation("{Agent}'s account was disabled: away, and their pending offers move on", agent);
        await SetAsync(agent, PresenceStatus.Away, ct);
    }

    public async Task OpenedAsync(string agent, string connection, CancellationToken ct)
    {
        _open[connection] = agent;
        await store.HeartbeatAsync([(agent, connection)], clock.GetUtcNow() + options.PresenceTimeout, ct);
        // The languages come from the account each time a console opens, so an admin's change applies from then on.
        var status = (await store.AgentsAsync(ct)).FirstOrDefault(a => a.Agent == agent)?.Status ?? PresenceStatus.Away;
        await SetAsync(agent, status, ct);
    }

    public async Task ClosedAsync(string agent, string connection, CancellationToken ct)
    {
        _open.TryRemove(connection, out _);
        await store.DisconnectedAsync(agent, connection, ct);
        if ((await store.AgentsAsync(ct)).FirstOrDefault(a => a.Agent == agent) is { Online: false })
        {
            logger.LogInformation("{Agent} closed their last console: away", agent);
            await offers.MoveOnFromAsync(agent, ct);
        }
    }

    /// <summary>
    /// The agent chose a status: available ones are offered what waits; others' pending offers move on. An account no
    /// longer an active agent's (disabled while its console stayed open, its cookie still good) stays away.
    /// </summary>
    public async Task<AgentPresence> SetAsync(string agent, string status, CancellationToken ct)
    {
        var account = await accounts.GetAsync(agent, ct);
        if (account?.IsActiveAgent() != true) status = PresenceStatus.Away;
        await store.SetStatusAsync(agent, status, account?.Languages ?? ["en"], ct);
        if (status == PresenceStatus.Available) await offers.FillAsync(agent, ct: ct);
        else await offers.MoveOnFromAsync(agent, ct);
        return (await store.AgentsAsync(ct)).First(a => a.Agent == agent);
    }
}
