using Huduma.Contact.Host.Security;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// The agents' API shows citizens' conversations: every request needs one of the configured keys in
/// X-Api-Key (compared as hashes in constant time), and acts as the agent that key is bound to
/// (<see cref="AgentItem"/>). With no key configured it refuses everything.
/// </summary>
internal sealed class AgentKeyFilter(AgentApiOptions options, ILogger<AgentKeyFilter> logger) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    /// <summary>The agent the request's key is bound to.</summary>
    public const string AgentItem = "huduma.agent.key";

    private readonly (string Agent, byte[] Hash)[] _keys = options.Keys.Select(k => (k.Agent.Trim(), ApiKeys.Hash(k.Key))).ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_keys.Length == 0)
            return Results.Problem($"the agents' API is off: no key is configured ({AgentApiOptions.Section}:Keys)", statusCode: StatusCodes.Status403Forbidden);
        var given = http.Request.Headers[Header].ToString();
        // Every key is compared, whichever matches: the time taken does not tell which one did.
        string? agent = null;
        foreach (var (bound, hash) in _keys)
            if (ApiKeys.Matches(hash, given)) agent ??= bound;
        if (agent is null)
        {
            logger.LogWarning("Refused agents' API call to {Path} from {Address}: wrong or missing {Header}", http.Request.Path, http.Connection.RemoteIpAddress, Header);
            return Results.Problem($"wrong or missing {Header}", statusCode: StatusCodes.Status401Unauthorized);
        }
        http.Items[AgentItem] = agent;
        return await next(context);
    }
}
