using Huduma.Contact.Core.Forms;

namespace Huduma.Contact.Ussd;

/// <summary>
/// Africa's Talking's USSD callback form (docs/protocols/africastalking.md), declared once: read and checked by
/// <see cref="ProviderForm.Decode{TForm}"/>, which gives the phone in E.164. A positional constructor too, for a
/// hop made in code (tests, bench/UssdHop).
/// </summary>
internal sealed record UssdRequest : IProviderForm<UssdRequest>
{
    public const int MaxSessionId = 128;
    public const int MaxText = 1000;

    public UssdRequest() { }

    public UssdRequest(string sessionId, string serviceCode, string msisdn, string? networkCode, string text) =>
        (SessionId, ServiceCode, Msisdn, NetworkCode, Text) = (sessionId, serviceCode, msisdn, networkCode, text);

    public string SessionId { get; private set; } = "";
    public string ServiceCode { get; private set; } = "";
    /// <summary>The caller's phone in E.164 (AT's `phoneNumber`).</summary>
    public string Msisdn { get; private set; } = "";
    public string? NetworkCode { get; private set; }
    /// <summary>Every input of the session so far, joined by '*'; empty on the first hop.</summary>
    public string Text { get; private set; } = "";

    public static FormFields<UssdRequest> Fields { get; } = new(() => new UssdRequest(),
        new("sessionId", FieldRules.Required, (r, v) => r.SessionId = v, MaxSessionId),
        new("serviceCode", FieldRules.Required, (r, v) => r.ServiceCode = v),
        new("phoneNumber", FieldRules.Required | FieldRules.Phone, (r, v) => r.Msisdn = v),
        new("networkCode", FieldRules.None, (r, v) => r.NetworkCode = v),
        new("text", FieldRules.None, (r, v) => r.Text = v, MaxText));
}
