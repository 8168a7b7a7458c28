using PhoneNumbers;

namespace Huduma.Contact.Core.Privacy;

/// <summary>Kenyan phone numbers in one form (E.164), whatever form a provider or an import uses.</summary>
public static class Msisdn
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>"0711 000 001", "254711000001", "+254711000001" → "+254711000001"; null when not a valid number.</summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        // Providers send E.164 on every callback: a Kenyan mobile number in that form needs no parsing.
        if (IsKenyanMobileE164(raw)) return raw;
        var text = raw.Trim();
        if (text.StartsWith("254", StringComparison.Ordinal)) text = "+" + text;
        try
        {
            var number = Util.Parse(text, "KE");
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static bool IsKenyanMobileE164(string s) =>
        s.Length == 13 && s.StartsWith("+254", StringComparison.Ordinal) && (s[4] == '7' || (s[4] == '1' && s[5] is '0' or '1')) && s.AsSpan(4).IndexOfAnyExceptInRange('0', '9') < 0;
}
