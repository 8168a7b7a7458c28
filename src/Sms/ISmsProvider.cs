using Huduma.Contact.Core.Messaging;

namespace Huduma.Contact.Sms;

/// <summary>
/// One SMS provider's send side (Africa's Talking, the simulator; Twilio next). A provider that throws or
/// does not accept a message is passed over for the next one by <see cref="SmsDispatcher"/>.
/// </summary>
internal interface ISmsProvider
{
    string Name { get; }
    Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default);

    /// <summary>The same text to many phones; a provider with a bulk API sends it in one request. One result per phone, in order.</summary>
    async Task<IReadOnlyList<SmsSendResult>> SendBatchAsync(string text, string purpose, IReadOnlyList<string> to, CancellationToken ct = default)
    {
        var results = new List<SmsSendResult>(to.Count);
        foreach (var phone in to) results.Add(await SendAsync(new OutboundSms(phone, text, purpose), ct));
        return results;
    }
}
