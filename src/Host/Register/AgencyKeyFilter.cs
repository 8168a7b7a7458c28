using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Host.Security;

namespace Huduma.Contact.Host.Register;

/// <summary>
/// The register API carries personal data: every request needs an agency's key in the X-Api-Key header.
/// With no agency configured the API refuses everything (the embedded default makes a demo key and
/// prints it at start-up instead). Keys are compared as hashes in constant time.
/// </summary>
internal sealed class AgencyKeyFilter(AgencyApiOptions options, ILogger<AgencyKeyFilter> logger) : IEndpointFilter
{
    public const string Header = "X-Api-Key";
    /// <summary>The agency a request came from, for the handlers' logs.</summary>
    public const string AgencyItem = "huduma.agency";

    private readonly (string Name, byte[] Hash)[] _keys =
        options.Agencies.Where(a => a.Key.Length > 0).Select(a => (a.Name, ApiKeys.Hash(a.Key))).ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_keys.Length == 0)
            return Results.Problem("the register API is off: no agency keys are configured (Register:Agencies)", statusCode: StatusCodes.Status403Forbidden);
        var given = http.Request.Headers[Header].ToString();
        var agency = _keys.FirstOrDefault(k => ApiKeys.Matches(k.Hash, given)).Name;
        if (agency is null)
        {
            logger.LogWarning("Refused register API call to {Path} from {Address}: wrong or missing {Header}", MaskedPath(http), http.Connection.RemoteIpAddress, Header);
            return Results.Problem($"wrong or missing {Header}", statusCode: StatusCodes.Status401Unauthorized);
        }
        http.Items[AgencyItem] = agency;
        return await next(context);
    }

    /// <summary>The request's path with its document number masked: a refused caller may be probing numbers.</summary>
    private static string MaskedPath(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (http.GetRouteValue("number") is not string { Length: > 0 } number) return path;
        return string.Join('/', path.Split('/').Select(segment => segment == number ? Mask.Number(number) : segment));
    }
}
