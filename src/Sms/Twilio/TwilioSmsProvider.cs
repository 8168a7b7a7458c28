using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using global::Twilio.Clients;
using global::Twilio.Exceptions;
using global::Twilio.Http;
using global::Twilio.Rest.Api.V2010.Account;
using global::Twilio.Types;

namespace Huduma.Contact.Sms.Twilio;

/// <summary>
/// Twilio's Messages API through Twilio's own library: MessageResource on a TwilioRestClient built on an
/// HttpClient from the factory, so the resilience handler (and, in tests, the loopback simulator) sit in
/// its pipeline. Delivery status comes back to /sms/twilio/status when PublicBaseUrl is known.
/// </summary>
internal sealed class TwilioSmsProvider(IHttpClientFactory clients, IOptions<TwilioOptions> options, IConfiguration configuration) : ISmsProvider
{
    public const string HttpClientName = "twilio";
    public string Name => TwilioSms.Provider;

    public async Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default)
    {
        var settings = options.Value;
        var client = new TwilioRestClient(settings.AccountSid, settings.AuthToken,
            httpClient: new SystemNetHttpClient(clients.CreateClient(HttpClientName)));
        var publicBase = configuration["PublicBaseUrl"];
        var create = new CreateMessageOptions(new PhoneNumber(message.To))
        {
            From = new PhoneNumber(settings.From),
            Body = message.Text,
            StatusCallback = string.IsNullOrEmpty(publicBase) ? null : new Uri(publicBase.TrimEnd('/') + "/sms/twilio/status"),
        };
        try
        {
            var sent = await MessageResource.CreateAsync(create, client);
            var refused = sent.Status == MessageResource.StatusEnum.Failed || sent.Status == MessageResource.StatusEnum.Undelivered;
            return new SmsSendResult(!refused, Name, sent.Sid, refused ? Mask.NumbersIn($"{sent.ErrorCode} {sent.ErrorMessage}") : null);
        }
        catch (ApiException e)
        {
            // Twilio's messages name the number they refused; the error is logged and kept in the outbox.
            return new SmsSendResult(false, Name, Error: Mask.NumbersIn($"{e.Code} {e.Message}"));
        }
    }

    /// <summary>Twilio's MessageStatus words.</summary>
    public static SmsDeliveryStatus? MapStatus(string? status) => status switch
    {
        "delivered" or "read" => SmsDeliveryStatus.Delivered,
        "accepted" or "queued" or "sending" or "sent" or "scheduled" => SmsDeliveryStatus.Sent,
        "failed" or "undelivered" or "canceled" => SmsDeliveryStatus.Failed,
        _ => null,
    };
}

/// <summary>Sends a client's requests to another base address (Twilio:BaseUrl: a regional edge, or a test simulator).</summary>
internal sealed class BaseAddressRewriteHandler(Uri baseAddress) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.RequestUri is { } uri)
            request.RequestUri = new UriBuilder(uri) { Scheme = baseAddress.Scheme, Host = baseAddress.Host, Port = baseAddress.Port }.Uri;
        return base.SendAsync(request, ct);
    }
}
