using Huduma.Contact.Bot.Handoff;

namespace Huduma.Contact.Host.Accounts;

/// <summary>An agent's display name from their staff account; without one (or without an account) the name as given.</summary>
internal sealed class AccountAgentNames(AccountStore accounts) : IAgentNames
{
    public async Task<string> DisplayNameAsync(string agent, CancellationToken ct) =>
        (await accounts.GetAsync(agent, ct))?.DisplayName ?? agent;
}
