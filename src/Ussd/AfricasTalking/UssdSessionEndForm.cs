using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Ussd.AfricasTalking;

/// <summary>
/// Africa's Talking's end-of-session notification (POST /ussd/africastalking/events), declared once. Only the
/// session id is required: a notification with blank figures is still the end of a session, recorded as unknown.
/// The phone is kept as sent, to be masked whether or not it is a number.
/// </summary>
internal sealed class UssdSessionEndForm : IProviderForm<UssdSessionEndForm>
{
    public string SessionId { get; private set; } = "";
    public string? PhoneNumber { get; private set; }
    public string? ServiceCode { get; private set; }
    public string? NetworkCode { get; private set; }
    public string? Status { get; private set; }
    public long? DurationMs { get; private set; }
    public int? Hops { get; private set; }
    public string? ErrorMessage { get; private set; }
    public string? Date { get; private set; }

    public static FormFields<UssdSessionEndForm> Fields { get; } = new(() => new UssdSessionEndForm(),
        new("sessionId", FieldRules.Required, (f, v) => f.SessionId = v),
        new("phoneNumber", FieldRules.None, (f, v) => f.PhoneNumber = v),
        new("serviceCode", FieldRules.None, (f, v) => f.ServiceCode = v),
        new("networkCode", FieldRules.None, (f, v) => f.NetworkCode = v),
        new("status", FieldRules.None, (f, v) => f.Status = v),
        new("durationInMillis", FieldRules.None, (f, v) => f.DurationMs = long.TryParse(v, out var ms) ? ms : null),
        new("hopsCount", FieldRules.None, (f, v) => f.Hops = int.TryParse(v, out var hops) ? hops : null),
        // AT sends errorMessage= (empty) when nothing went wrong: that is no error.
        new("errorMessage", FieldRules.None, (f, v) => f.ErrorMessage = v.Length > 0 ? v : null),
        new("date", FieldRules.None, (f, v) => f.Date = v));
}
