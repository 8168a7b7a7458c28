using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Sms.Twilio;

/// <summary>
/// Twilio's incoming-message webhook (POST /sms/twilio/inbound), declared once. Twilio sends some twenty fields
/// (SmsSid, To, NumSegments, FromCountry…); these are the ones used. The signature is checked before, by the host.
/// </summary>
internal sealed class TwilioInboundForm : IProviderForm<TwilioInboundForm>
{
    /// <summary>Twilio's message id: a retried webhook carries the same one.</summary>
    public string MessageSid { get; private set; } = "";
    /// <summary>The sender, in E.164.</summary>
    public string From { get; private set; } = "";
    public string Body { get; private set; } = "";

    public static FormFields<TwilioInboundForm> Fields { get; } = new(() => new TwilioInboundForm(),
        new("MessageSid", FieldRules.Required, (f, v) => f.MessageSid = v),
        new("From", FieldRules.Required | FieldRules.Phone, (f, v) => f.From = v),
        new("Body", FieldRules.None, (f, v) => f.Body = v));
}
