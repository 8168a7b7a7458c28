using Huduma.Contact.Core.Privacy;
using Microsoft.AspNetCore.Http;

namespace Huduma.Contact.Ussd;

/// <summary>Africa's Talking's USSD callback form, checked.</summary>
public sealed record UssdRequest(string SessionId, string ServiceCode, string Msisdn, string? NetworkCode, string Text)
{
    /// <summary>The request, or a message saying exactly what is wrong with it.</summary>
    public static (UssdRequest? Request, string? Error) Parse(IFormCollection form)
    {
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;

        var sessionId = Field("sessionId");
        var serviceCode = Field("serviceCode");
        var phone = Field("phoneNumber");
        if (string.IsNullOrWhiteSpace(sessionId) || string.IsNullOrWhiteSpace(serviceCode) || string.IsNullOrWhiteSpace(phone))
        {
            var missing = new[] { ("sessionId", sessionId), ("serviceCode", serviceCode), ("phoneNumber", phone) }
                .Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1);
            return (null, $"missing field(s): {string.Join(", ", missing)}");
        }
        if (sessionId!.Length > 128) return (null, "sessionId is too long");
        var msisdn = Core.Privacy.Msisdn.Normalize(phone);
        if (msisdn is null) return (null, "phoneNumber is not a valid phone number");
        var text = Field("text") ?? "";
        if (text.Length > 1000) return (null, "text is too long");
        return (new UssdRequest(sessionId, serviceCode!, msisdn, Field("networkCode"), text), null);
    }
}
