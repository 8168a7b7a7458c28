using System.Collections.Specialized;
using Huduma.Contact.Sms.Twilio;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Huduma.Contact.Host.Security;

/// <summary>
/// Every Twilio webhook (SMS and voice) is verified here, before its channel sees it: X-Twilio-Signature
/// checked by Twilio's own RequestValidator over the URL Twilio called — rebuilt from PublicBaseUrl behind a
/// proxy — with the auth token of the AccountSid in the request. A refusal (403) changes nothing.
/// Runs after <see cref="ProviderFormFilter"/>, so the form is read and small.
/// </summary>
internal sealed class TwilioSignatureFilter(IOptions<TwilioOptions> options, IConfiguration configuration, ILogger<TwilioSignatureFilter> logger)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var settings = options.Value;
        if (!settings.VerifiesSignatures && !settings.RefuseUnsigned) return await next(context);
        var http = context.HttpContext.Request;
        var form = await http.ReadFormAsync(context.HttpContext.RequestAborted);
        var token = settings.TokenFor(form["AccountSid"].ToString());
        var url = PublicUrl(http, configuration["PublicBaseUrl"]);
        var parameters = new NameValueCollection();
        foreach (var (name, values) in form)
            foreach (var value in values) parameters.Add(name, value);
        var signature = http.Headers["X-Twilio-Signature"].ToString();
        if (token is not null && signature.Length > 0 && new RequestValidator(token).Validate(url, parameters, signature)) return await next(context);
        logger.LogWarning("Refused Twilio webhook to {Url} for account {Account}: {Reason}", url, form["AccountSid"].ToString(),
            !settings.VerifiesSignatures ? "no Twilio account is configured" : token is null ? "unknown AccountSid"
                : signature.Length == 0 ? "no signature" : "signature does not match");
        return Results.Text("invalid signature", statusCode: StatusCodes.Status403Forbidden);
    }

    /// <summary>The URL as Twilio called it: behind a proxy, PublicBaseUrl plus the path and query.</summary>
    private static string PublicUrl(HttpRequest http, string? publicBaseUrl) =>
        string.IsNullOrEmpty(publicBaseUrl)
            ? $"{http.Scheme}://{http.Host}{http.PathBase}{http.Path}{http.QueryString}"
            : $"{publicBaseUrl.TrimEnd('/')}{http.PathBase}{http.Path}{http.QueryString}";
}
