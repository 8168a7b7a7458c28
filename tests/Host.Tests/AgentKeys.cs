using System.Net.Http.Json;
using System.Text.Json;
using Huduma.Contact.Host.Agents;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The agents' API keys tests configure: one for each agent, bound to it (AgentApi:Keys:N:Agent and :Key) as an
/// operator does, and a way to act with the key of the agent a body names, as that agent's own client would.
/// </summary>
public static class AgentKeys
{
    public static string For(string agent) => "test-agent-key-" + agent.ToLowerInvariant();

    /// <param name="separator">":" for settings, "__" for environment variables.</param>
    public static (string Key, string? Value)[] Settings(string separator, params string[] agents) =>
        agents.SelectMany((agent, i) => new (string, string?)[]
        {
            (string.Join(separator, AgentApiOptions.Section, "Keys", i, "Agent"), agent),
            (string.Join(separator, AgentApiOptions.Section, "Keys", i, "Key"), For(agent)),
        }).ToArray();

    public static HttpClient Using(this HttpClient client, string agent)
    {
        client.DefaultRequestHeaders.Remove(AgentKeyFilter.Header);
        client.DefaultRequestHeaders.Add(AgentKeyFilter.Header, For(agent));
        return client;
    }

    /// <summary>Posts the body with the key of the agent it names ("agent"); a body naming none goes with the client's own key.</summary>
    public static Task<HttpResponseMessage> PostAsNamedAgentAsync(this HttpClient client, string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (JsonSerializer.SerializeToElement(body).TryGetProperty("agent", out var agent) && agent.GetString() is { } name)
            request.Headers.Add(AgentKeyFilter.Header, For(name));
        return client.SendAsync(request);
    }
}
