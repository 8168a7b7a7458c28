namespace Huduma.Contact.Host.Agents;

/// <summary>One key of the agents' JSON API and the agent it acts as ("AgentApi:Keys:N:Agent" and ":Key").</summary>
internal sealed class AgentKey
{
    public string Agent { get; set; } = "";
    public string Key { get; set; } = "";
}

/// <summary>
/// The agents' JSON API (configuration section "AgentApi"): each key is bound to one agent, who is the one
/// acting (and audited) whatever a request's body says.
/// </summary>
internal sealed class AgentApiOptions
{
    public const string Section = "AgentApi";
    public const int MaxAgentLength = 64;

    /// <summary>The keys X-Api-Key may carry, each with its agent. None: the API refuses everything (the embedded default makes a demo key).</summary>
    public List<AgentKey> Keys { get; set; } = [];

    /// <summary>
    /// The single key of earlier releases, which let a request name any agent in its body. No longer accepted:
    /// start-up fails until it is replaced by a bound key (<see cref="Keys"/>), rather than the API quietly refusing.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>What is wrong with the keys, or null when they can be used.</summary>
    public string? Problem()
    {
        if (!string.IsNullOrEmpty(Key))
            return $"{Section}:Key is no longer read: bind each key to its agent with {Section}:Keys:0:Agent and {Section}:Keys:0:Key (environment: {Section}__Keys__0__Agent, {Section}__Keys__0__Key)";
        foreach (var (bound, i) in Keys.Select((k, i) => (k, i)))
        {
            if (string.IsNullOrWhiteSpace(bound.Key)) return $"{Section}:Keys:{i}:Key is empty";
            if (string.IsNullOrWhiteSpace(bound.Agent) || bound.Agent.Trim().Length > MaxAgentLength)
                return $"{Section}:Keys:{i}:Agent must name the agent the key acts as (1-{MaxAgentLength} characters)";
        }
        if (Keys.GroupBy(k => k.Key).FirstOrDefault(g => g.Count() > 1) is { } shared)
            return $"one key is given to {string.Join(" and ", shared.Select(k => k.Agent))}: each key is bound to one agent";
        return null;
    }
}
