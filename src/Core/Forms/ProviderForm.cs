using Huduma.Contact.Core.Privacy;
using Microsoft.Extensions.Primitives;

namespace Huduma.Contact.Core.Forms;

/// <summary>
/// The one routine that reads a provider's form (Africa's Talking's and Twilio's webhooks) into its declared
/// type, as courier's DecodeAndValidateForm does: every rule of every field is checked, and a refusal names
/// every field that is missing or wrong ("missing field(s): sessionId, phoneNumber; text is too long").
/// Over key/value pairs, not ASP.NET's IFormCollection, so Core stays free of HTTP; a channel passes its form.
/// </summary>
public static class ProviderForm
{
    public static FormDecoding<TForm> Decode<TForm>(IEnumerable<KeyValuePair<string, StringValues>> form)
        where TForm : class, IProviderForm<TForm>
    {
        var declared = TForm.Fields;
        var decoded = declared.Create();
        uint present = 0, tooLong = 0, notPhone = 0;
        foreach (var (name, values) in form)
        {
            var index = declared.IndexOf(name);
            if (index < 0) continue;            // a field we don't use: providers add fields over time
            var value = values.ToString();
            var field = declared.Items[index];
            var bit = 1u << index;
            // A blank value is no value: a required field sent empty is missing, as the providers mean it.
            if (field.IsRequired && string.IsNullOrWhiteSpace(value)) continue;
            present |= bit;
            if (field.MaxLength > 0 && value.Length > field.MaxLength) { tooLong |= bit; continue; }
            if ((field.Rules & (FieldRules.Phone | FieldRules.PhoneIfAny)) != 0)
            {
                var msisdn = Msisdn.Normalize(value);
                if (msisdn is null)
                {
                    if ((field.Rules & FieldRules.Phone) != 0) notPhone |= bit;
                    continue;
                }
                value = msisdn;
            }
            field.Set(decoded, value);
        }
        var missing = declared.RequiredMask & ~present;
        return (missing | tooLong | notPhone) == 0
            ? new FormDecoding<TForm>(decoded, null)
            : new FormDecoding<TForm>(null, Refusal(declared, missing, tooLong, notPhone));
    }

    /// <summary>Missing fields first, then each wrong one, each in the declared order, as one line.</summary>
    private static string Refusal<TForm>(FormFields<TForm> declared, uint missing, uint tooLong, uint notPhone)
    {
        var reasons = new List<string>();
        if (missing != 0)
            reasons.Add("missing field(s): " + string.Join(", ", Names(declared, missing)));
        for (var i = 0; i < declared.Fields.Count; i++)
        {
            var bit = 1u << i;
            if ((tooLong & bit) != 0) reasons.Add($"{declared.Fields[i].Name} is too long");
            if ((notPhone & bit) != 0) reasons.Add($"{declared.Fields[i].Name} is not a valid phone number");
        }
        return string.Join("; ", reasons);
    }

    private static IEnumerable<string> Names<TForm>(FormFields<TForm> declared, uint mask) =>
        declared.Fields.Where((_, i) => (mask & (1u << i)) != 0).Select(f => f.Name);
}
