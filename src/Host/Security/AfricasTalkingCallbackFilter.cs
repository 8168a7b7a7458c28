using System.Net;
using System.Security.Cryptography;
using System.Text;
using Huduma.Contact.Host.Simulator;
using Huduma.Contact.Sms.AfricasTalking;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Host.Security;

/// <summary>
/// Africa's Talking signs nothing, so its callbacks are authenticated by a per-deployment secret in the
/// callback URL (?token=) and, optionally, by the address they come from. A refusal changes nothing.
/// </summary>
internal sealed class AfricasTalkingCallbackFilter(IOptions<AfricasTalkingOptions> options, ILogger<AfricasTalkingCallbackFilter> logger)
    : IEndpointFilter
{
    // Not async: a request that passes goes straight on to next, without a state machine of its own.
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = options.Value;
        // The simulator page's own requests, forwarded by this host: it holds no secret to show.
        if (SimulatorForwarding.IsForwarded(http)) return next(context);
        if (!string.IsNullOrEmpty(settings.CallbackSecret) && !SecretMatches(http.Request.Query["token"].ToString(), settings.CallbackSecret))
        {
            logger.LogWarning("Refused Africa's Talking callback to {Path} from {Address}: wrong or missing token",
                http.Request.Path, http.Connection.RemoteIpAddress);
            return ValueTask.FromResult<object?>(Results.Text("invalid or missing token", "text/plain", statusCode: StatusCodes.Status403Forbidden));
        }
        if (settings.AllowedSourceAddresses.Count > 0 && !IsAllowed(http.Connection.RemoteIpAddress, settings.AllowedSourceAddresses))
        {
            logger.LogWarning("Refused Africa's Talking callback to {Path} from {Address}: not an allowed source",
                http.Request.Path, http.Connection.RemoteIpAddress);
            return ValueTask.FromResult<object?>(Results.Text("source address not allowed", "text/plain", statusCode: StatusCodes.Status403Forbidden));
        }
        return next(context);
    }

    private static bool SecretMatches(string given, string secret) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static bool IsAllowed(IPAddress? address, IEnumerable<string> allowed)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var entry in allowed)
        {
            if (IPNetwork.TryParse(entry, out var network) && network.Contains(address)) return true;
            if (IPAddress.TryParse(entry, out var single) && single.Equals(address)) return true;
        }
        return false;
    }
}
