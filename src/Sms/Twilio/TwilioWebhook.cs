using System.Collections.Specialized;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using global::Twilio.Security;

namespace Huduma.Contact.Sms.Twilio;

/// <summary>
/// Every Twilio webhook (SMS and voice) is verified the same way: X-Twilio-Signature checked by Twilio's
/// own RequestValidator over the URL Twilio called — rebuilt from PublicBaseUrl behind a proxy — with the
/// auth token of the AccountSid in the request.
/// </summary>
public static class TwilioWebhook
{
    /// <summary>403 for a webhook whose signature does not verify with its own account's token; null when it does.</summary>
    public static IResult? Refuse(HttpRequest http, IFormCollection form, TwilioOptions options, IConfiguration configuration, ILogger logger)
    {
        if (!options.VerifiesSignatures && !options.RefuseUnsigned) return null;
        var token = options.TokenFor(form["AccountSid"].ToString());
        var url = PublicUrl(http, configuration["PublicBaseUrl"]);
        var parameters = new NameValueCollection();
        foreach (var (name, values) in form)
            foreach (var value in values) parameters.Add(name, value);
        var signature = http.Headers["X-Twilio-Signature"].ToString();
        if (token is not null && signature.Length > 0 && new RequestValidator(token).Validate(url, parameters, signature)) return null;
        logger.LogWarning("Refused Twilio webhook to {Url} for account {Account}: {Reason}", url, form["AccountSid"].ToString(),
            !options.VerifiesSignatures ? "no Twilio account is configured" : token is null ? "unknown AccountSid"
                : signature.Length == 0 ? "no signature" : "signature does not match");
        return Results.Text("invalid signature", statusCode: 403);
    }

    /// <summary>The URL as Twilio called it: behind a proxy, PublicBaseUrl plus the path and query.</summary>
    public static string PublicUrl(HttpRequest http, string? publicBaseUrl) =>
        string.IsNullOrEmpty(publicBaseUrl)
            ? $"{http.Scheme}://{http.Host}{http.PathBase}{http.Path}{http.QueryString}"
            : $"{publicBaseUrl.TrimEnd('/')}{http.PathBase}{http.Path}{http.QueryString}";
}
