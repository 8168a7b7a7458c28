using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Sms.Twilio;

/// <summary>
/// Twilio's message status callback (POST /sms/twilio/status), declared once. The status word is mapped by
/// <see cref="TwilioSmsProvider.MapStatus"/>.
/// </summary>
internal sealed class TwilioStatusForm : IProviderForm<TwilioStatusForm>
{
    public string MessageSid { get; private set; } = "";
    public string MessageStatus { get; private set; } = "";
    public string? ErrorCode { get; private set; }
    /// <summary>The recipient in E.164, if it is a number: lets a report find a send whose host died (SmsOutbox.ReportAsync).</summary>
    public string? To { get; private set; }

    public static FormFields<TwilioStatusForm> Fields { get; } = new(() => new TwilioStatusForm(),
        new("MessageSid", FieldRules.Required, (f, v) => f.MessageSid = v),
        new("MessageStatus", FieldRules.None, (f, v) => f.MessageStatus = v),
        new("ErrorCode", FieldRules.None, (f, v) => f.ErrorCode = v.Length > 0 ? v : null),
        new("To", FieldRules.PhoneIfAny, (f, v) => f.To = v));
}
