using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Voice.Twilio;

/// <summary>
/// Twilio's voice webhook for a call's turn (POST /voice/twilio when it arrives, /voice/twilio/gather with the keys
/// pressed), declared once. Twilio sends some twenty fields (To, Called, CallStatus, FromCountry…); these are the ones used.
/// </summary>
internal sealed class TwilioCallForm : IProviderForm<TwilioCallForm>
{
    public const int MaxCallSid = 64;

    public string CallSid { get; private set; } = "";
    /// <summary>The caller in E.164; null when withheld ("anonymous") or not a number.</summary>
    public string? From { get; private set; }
    /// <summary>The keys a &lt;Gather&gt; collected; empty when none.</summary>
    public string Digits { get; private set; } = "";

    public static FormFields<TwilioCallForm> Fields { get; } = new(() => new TwilioCallForm(),
        new("CallSid", FieldRules.Required, (f, v) => f.CallSid = v, MaxCallSid),
        new("From", FieldRules.PhoneIfAny, (f, v) => f.From = v),
        new("Digits", FieldRules.None, (f, v) => f.Digits = v));
}
