using System.Net;
using System.Text.Json;
using Huduma.Contact.Core.Messaging;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Sms.AfricasTalking;

/// <summary>
/// Africa's Talking's messaging API (POST {BaseUrl}/version1/messaging, form-encoded, apiKey header).
/// Recipient status 100 Processed, 101 Sent, 102 Queued are accepted; anything else is a refusal with
/// AT's own words kept as the error. The HttpClient comes from the factory with the resilience handler (see AddSms).
/// </summary>
public sealed class AfricasTalkingSmsProvider(IHttpClientFactory clients, IOptions<AfricasTalkingOptions> options) : ISmsProvider
{
    /// <summary>The named HttpClient, configured with its resilience handler in AddSms.</summary>
    public const string HttpClientName = "africastalking";

    public string Name => AfricasTalkingSms.Provider;

    public async Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default)
    {
        var settings = options.Value;
        var form = new Dictionary<string, string>
        {
            ["username"] = settings.Username ?? "", ["to"] = message.To, ["message"] = message.Text,
        };
        if (!string.IsNullOrEmpty(settings.SenderId)) form["from"] = settings.SenderId;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.BaseUrl.TrimEnd('/') + "/version1/messaging")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Add("apiKey", settings.ApiKey ?? "");
        request.Headers.Add("Accept", "application/json");

        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            return new SmsSendResult(false, Name, Error: "Africa's Talking refused the username or API key (401)");
        if (!response.IsSuccessStatusCode)
            return new SmsSendResult(false, Name, Error: $"HTTP {(int)response.StatusCode}: {Truncate(body)}");

        try
        {
            using var json = JsonDocument.Parse(body);
            var recipient = json.RootElement.GetProperty("SMSMessageData").GetProperty("Recipients").EnumerateArray().FirstOrDefault();
            if (recipient.ValueKind != JsonValueKind.Object)
                return new SmsSendResult(false, Name, Error: $"no recipient in the answer: {Truncate(body)}");
            var code = recipient.GetProperty("statusCode").GetInt32();
            var status = recipient.TryGetProperty("status", out var s) ? s.GetString() : null;
            var id = recipient.TryGetProperty("messageId", out var m) ? m.GetString() : null;
            return code is >= 100 and <= 102
                ? new SmsSendResult(true, Name, id)
                : new SmsSendResult(false, Name, id, $"{code} {status}");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new SmsSendResult(false, Name, Error: $"unreadable answer: {Truncate(body)}");
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];

    /// <summary>AT's delivery-report words, as courier maps them.</summary>
    public static SmsDeliveryStatus? MapDeliveryStatus(string? status) => status switch
    {
        "Success" => SmsDeliveryStatus.Delivered,
        "Sent" or "Submitted" or "Buffered" => SmsDeliveryStatus.Sent,
        "Rejected" or "Failed" or "AbsentSubscriber" or "Expired" => SmsDeliveryStatus.Failed,
        _ => null,
    };
}
