using System.Net;
using System.Text.Json;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Sms.AfricasTalking;

/// <summary>
/// Africa's Talking's messaging API (POST {BaseUrl}/version1/messaging, form-encoded, apiKey header).
/// Recipient status 100 Processed, 101 Sent, 102 Queued are accepted; anything else is a refusal with
/// AT's own words kept as the error. The HttpClient comes from the factory with the resilience handler (see AddSms).
/// </summary>
internal sealed class AfricasTalkingSmsProvider(IHttpClientFactory clients, IOptions<AfricasTalkingOptions> options) : ISmsProvider
{
    /// <summary>The named HttpClient, configured with its resilience handler in AddSms.</summary>
    public const string HttpClientName = "africastalking";

    public string Name => AfricasTalkingSms.Provider;

    public async Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default) =>
        (await SendBatchAsync(message.Text, message.Purpose, [message.To], ct))[0];

    /// <summary>One request for every recipient of the same text: AT's `to` takes a comma-separated list.</summary>
    public async Task<IReadOnlyList<SmsSendResult>> SendBatchAsync(string text, string purpose, IReadOnlyList<string> to, CancellationToken ct = default)
    {
        IReadOnlyList<SmsSendResult> All(string error) => to.Select(_ => new SmsSendResult(false, Name, Error: error)).ToList();
        var settings = options.Value;
        var form = new Dictionary<string, string>
        {
            ["username"] = settings.Username ?? "", ["to"] = string.Join(",", to), ["message"] = text,
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
        if (response.StatusCode == HttpStatusCode.Unauthorized) return All("Africa's Talking refused the username or API key (401)");
        if (!response.IsSuccessStatusCode) return All($"HTTP {(int)response.StatusCode}: {Mask.NumbersIn(Truncate(body))}");

        try
        {
            using var json = JsonDocument.Parse(body);
            var byNumber = new Dictionary<string, SmsSendResult>();
            foreach (var recipient in json.RootElement.GetProperty("SMSMessageData").GetProperty("Recipients").EnumerateArray())
            {
                var code = recipient.GetProperty("statusCode").GetInt32();
                var status = recipient.TryGetProperty("status", out var s) ? s.GetString() : null;
                var id = recipient.TryGetProperty("messageId", out var m) ? m.GetString() : null;
                var number = recipient.TryGetProperty("number", out var n) ? n.GetString() ?? "" : "";
                byNumber[number] = code is >= 100 and <= 102
                    ? new SmsSendResult(true, Name, id)
                    : new SmsSendResult(false, Name, id, $"{code} {status}");
            }
            return to.Select(phone => byNumber.GetValueOrDefault(phone) ?? new SmsSendResult(false, Name, Error: "not in Africa's Talking's answer")).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return All($"unreadable answer: {Truncate(body)}");
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
