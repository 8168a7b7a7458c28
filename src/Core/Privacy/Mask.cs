namespace Huduma.Contact.Core.Privacy;

/// <summary>
/// Masks personal numbers for logs and trails (Kenya's Data Protection Act): enough to tell two apart
/// when debugging, not enough to identify anyone.
/// </summary>
public static class Mask
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

    /// <summary>A register key, "national_id:12345678" → "national_id 12****78".</summary>
    public static string DocumentKey(string key) =>
        Register.RegisteredDocument.TryParseKey(key) is { } k ? $"{k.Type} {Number(k.Number)}" : Number(key);
}
