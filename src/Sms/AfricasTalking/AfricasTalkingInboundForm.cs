using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Sms.AfricasTalking;

/// <summary>
/// Africa's Talking's incoming-message callback (POST /sms/africastalking/inbound), declared once. AT also sends
/// `to`, `date`, `linkId` and `networkCode`: not used, so not declared (unknown fields are ignored).
/// </summary>
internal sealed class AfricasTalkingInboundForm : IProviderForm<AfricasTalkingInboundForm>
{
    /// <summary>The sender, in E.164.</summary>
    public string From { get; private set; } = "";
    public string Text { get; private set; } = "";
    /// <summary>AT's message id: a retried callback carries the same one.</summary>
    public string Id { get; private set; } = "";

    public static FormFields<AfricasTalkingInboundForm> Fields { get; } = new(() => new AfricasTalkingInboundForm(),
        new("from", FieldRules.Required | FieldRules.Phone, (f, v) => f.From = v),
        new("text", FieldRules.None, (f, v) => f.Text = v),
        new("id", FieldRules.Required, (f, v) => f.Id = v));
}
