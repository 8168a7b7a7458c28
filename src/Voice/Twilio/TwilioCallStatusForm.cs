using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Voice.Twilio;

/// <summary>Twilio's status callback at a call's end (POST /voice/twilio/status), declared once.</summary>
internal sealed class TwilioCallStatusForm : IProviderForm<TwilioCallStatusForm>
{
    public string CallSid { get; private set; } = "";
    /// <summary>The caller in E.164; null when withheld or not a number.</summary>
    public string? From { get; private set; }
    public string CallStatus { get; private set; } = "";
    public int? CallDuration { get; private set; }

    public static FormFields<TwilioCallStatusForm> Fields { get; } = new(() => new TwilioCallStatusForm(),
        new("CallSid", FieldRules.Required, (f, v) => f.CallSid = v),
        new("From", FieldRules.PhoneIfAny, (f, v) => f.From = v),
        new("CallStatus", FieldRules.None, (f, v) => f.CallStatus = v),
        new("CallDuration", FieldRules.None, (f, v) => f.CallDuration = int.TryParse(v, out var s) ? s : null));
}
