namespace Huduma.Contact.Host.Agents;

/// <summary>The agents' JSON API (configuration section "AgentApi"): until the agent console signs agents in, one key.</summary>
internal sealed class AgentApiOptions
{
    public const string Section = "AgentApi";

    /// <summary>The X-Api-Key every call must carry. Empty: the API refuses everything (the embedded default makes a demo key).</summary>
    public string Key { get; set; } = "";
}
