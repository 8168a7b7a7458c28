using System.Text.RegularExpressions;

namespace Huduma.Contact.Core.Privacy;

/// <summary>
/// Masks personal numbers for logs and trails (Kenya's Data Protection Act): enough to tell two apart
/// when debugging, not enough to identify anyone.
/// </summary>
public static partial class Mask
{
    /// <summary>"+254711000123" → "+254711***123".</summary>
    public static string Phone(string? msisdn)
    {
        if (string.IsNullOrEmpty(msisdn)) return "-";
        return msisdn.Length <= 7 ? new string('*', msisdn.Length) : msisdn[..7] + "***" + msisdn[^3..];
    }

    /// <summary>"12345678" → "12****78".</summary>
    public static string Number(string? number)
    {
        if (string.IsNullOrEmpty(number)) return "-";
        return number.Length <= 4 ? new string('*', number.Length) : number[..2] + new string('*', number.Length - 4) + number[^2..];
    }

    /// <summary>
    /// A free text from outside (a provider's error: Twilio's 21211 says "The 'To' number +254711000123 is not a
    /// valid phone number.") with every run of seven or more digits masked: "+254711***123", "12****78". Shorter
    /// runs (an error code, an HTTP status) stay as they are.
    /// </summary>
    public static string NumbersIn(string text) =>
        DigitRun().Replace(text, m => m.Value[0] == '+' ? Phone(m.Value) : Number(m.Value));

    [GeneratedRegex(@"(?<![\w+])\+?\d{7,}(?!\w)")]
    private static partial Regex DigitRun();

    /// <summary>A register key, "national_id:12345678" → "national_id 12****78".</summary>
    public static string DocumentKey(string key) =>
        Register.RegisteredDocument.TryParseKey(key) is { } k ? $"{k.Type} {Number(k.Number)}" : Number(key);
}
