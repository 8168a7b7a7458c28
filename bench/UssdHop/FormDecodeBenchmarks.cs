using BenchmarkDotNet.Attributes;
using Huduma.Contact.Core.Forms;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Ussd;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

/// <summary>
/// Reading a USSD hop's form (`-- --forms`): the one shared routine (ProviderForm.Decode into the declared
/// UssdRequest) against the hand-written parse it replaced, kept here as the baseline, on the form AT posts.
/// </summary>
[MemoryDiagnoser]
public class FormDecodeBenchmarks
{
    private readonly IFormCollection _form = new FormCollection(new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase)
    {
        ["sessionId"] = "ATUid_9b1f0c3e5d7a", ["serviceCode"] = "*384*1919#", ["phoneNumber"] = "+254722000111",
        ["networkCode"] = "63902", ["text"] = "1*1*1*12345678",
    });

    [Benchmark]
    // object: UssdRequest is internal to the USSD project (a class, so nothing is boxed).
    public object? Declared() => ProviderForm.Decode<UssdRequest>(_form).Form;

    [Benchmark(Baseline = true)]
    public object? HandWritten() => HandParse(_form).Request;

    /// <summary>UssdRequest.Parse as it was before the declared forms (commit 2e1bd66).</summary>
    private static (UssdRequest? Request, string? Error) HandParse(IFormCollection form)
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
        var msisdn = Msisdn.Normalize(phone);
        if (msisdn is null) return (null, "phoneNumber is not a valid phone number");
        var text = Field("text") ?? "";
        if (text.Length > 1000) return (null, "text is too long");
        return (new UssdRequest(sessionId, serviceCode!, msisdn, Field("networkCode"), text), null);
    }
}
