namespace Huduma.Contact.Core.Assignment;

/// <summary>
/// The staff accounts as assignment needs them (the host keeps them): an agent is offered tickets only while their
/// account exists, is enabled and has the agent role or above, whatever presence they last set or their console still says.
/// </summary>
public interface IAgentAccounts
{
    Task<bool> IsActiveAgentAsync(string agent, CancellationToken ct = default);
}
