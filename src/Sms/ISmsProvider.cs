using Huduma.Contact.Core.Messaging;

namespace Huduma.Contact.Sms;

/// <summary>
/// One SMS provider's send side (Africa's Talking, the simulator; Twilio next). A provider that throws or
/// does not accept a message is passed over for the next one by <see cref="SmsDispatcher"/>.
/// </summary>
public interface ISmsProvider
{
    string Name { get; }
    Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default);
}
