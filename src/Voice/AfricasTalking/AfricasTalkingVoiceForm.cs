using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Voice.AfricasTalking;

/// <summary>
/// Africa's Talking's voice callback (POST /voice/africastalking), declared once: the same form for the first
/// callback, each GetDigits result and the notification after hang-up (isActive=0). `direction`,
/// `destinationNumber`, `currencyCode` and `amount` are not used.
/// </summary>
internal sealed class AfricasTalkingVoiceForm : IProviderForm<AfricasTalkingVoiceForm>
{
    public const int MaxSessionId = 128;

    public string SessionId { get; private set; } = "";
    /// <summary>"0" on the notification after hang-up.</summary>
    public string? IsActive { get; private set; }
    /// <summary>The caller in E.164; null when withheld or not a number (the dialog then treats the caller as unverified).</summary>
    public string? CallerNumber { get; private set; }
    /// <summary>The keys pressed, on a GetDigits callback (null on the first).</summary>
    public string? DtmfDigits { get; private set; }
    public string? HangupCause { get; private set; }
    public string? Status { get; private set; }
    public int? DurationInSeconds { get; private set; }

    public bool HasEnded => IsActive == "0";

    public static FormFields<AfricasTalkingVoiceForm> Fields { get; } = new(() => new AfricasTalkingVoiceForm(),
        new("sessionId", FieldRules.Required, (f, v) => f.SessionId = v, MaxSessionId),
        new("isActive", FieldRules.None, (f, v) => f.IsActive = v),
        new("callerNumber", FieldRules.PhoneIfAny, (f, v) => f.CallerNumber = v),
        new("dtmfDigits", FieldRules.None, (f, v) => f.DtmfDigits = v),
        new("hangupCause", FieldRules.None, (f, v) => f.HangupCause = v),
        new("status", FieldRules.None, (f, v) => f.Status = v),
        new("durationInSeconds", FieldRules.None, (f, v) => f.DurationInSeconds = int.TryParse(v, out var s) ? s : null));
}
