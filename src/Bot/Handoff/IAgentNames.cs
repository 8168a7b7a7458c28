namespace Huduma.Contact.Bot.Handoff;

/// <summary>
/// The name a citizen sees for an agent in a chat. The host knows staff accounts and gives their display
/// name; without it (an agent named by an outside system through the key API) the name given is shown.
/// </summary>
public interface IAgentNames
{
    Task<string> DisplayNameAsync(string agent, CancellationToken ct);
}

/// <summary>No accounts to ask: agents are shown as they are named.</summary>
internal sealed class AgentNamesAsGiven : IAgentNames
{
    public Task<string> DisplayNameAsync(string agent, CancellationToken ct) => Task.FromResult(agent);
}
