using Huduma.Contact.Host.Security;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// The agents' API shows citizens' conversations: every request needs the configured key in X-Api-Key
/// (compared as hashes in constant time). With no key configured it refuses everything.
/// </summary>
internal sealed class AgentKeyFilter(AgentApiOptions options, ILogger<AgentKeyFilter> logger) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    private readonly byte[]? _hash = options.Key.Length > 0 ? ApiKeys.Hash(options.Key) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_hash is null)
            return Results.Problem($"the agents' API is off: no key is configured ({AgentApiOptions.Section}:Key)", statusCode: StatusCodes.Status403Forbidden);
        if (!ApiKeys.Matches(_hash, http.Request.Headers[Header].ToString()))
        {
            logger.LogWarning("Refused agents' API call to {Path} from {Address}: wrong or missing {Header}", http.Request.Path, http.Connection.RemoteIpAddress, Header);
            return Results.Problem($"wrong or missing {Header}", statusCode: StatusCodes.Status401Unauthorized);
        }
        return await next(context);
    }
}
