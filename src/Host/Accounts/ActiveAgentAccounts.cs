using Huduma.Contact.Core.Assignment;

namespace Huduma.Contact.Host.Accounts;

/// <summary>Assignment's view of the staff accounts: an agent is offered tickets only while their account is an active agent's.</summary>
internal sealed class ActiveAgentAccounts(AccountStore accounts) : IAgentAccounts
{
    public async Task<bool> IsActiveAgentAsync(string agent, CancellationToken ct = default) =>
        (await accounts.GetAsync(agent, ct))?.IsActiveAgent() == true;
}
