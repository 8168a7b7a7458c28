namespace Huduma.Contact.Core.Content;

/// <summary>
/// The GSM 03.38 default alphabet. A single character outside it turns a whole SMS (or USSD screen)
/// into UCS-2, which more than halves what fits, so content must stay inside it.
/// </summary>
public static class Gsm7
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "^{}\\[~]|€\f";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    public static bool IsBasic(char c) => BasicSet.Contains(c);

    /// <summary>True when the text can be sent in GSM-7 (basic alphabet or its extension table).</summary>
    public static bool CanEncode(string text) => text.All(c => BasicSet.Contains(c) || ExtensionSet.Contains(c));

    /// <summary>The characters that would force UCS-2.</summary>
    public static IEnumerable<char> Offending(string text) =>
        text.Where(c => !BasicSet.Contains(c) && !ExtensionSet.Contains(c)).Distinct();

    /// <summary>Septets used: extension characters take an escape plus the character.</summary>
    public static int SeptetCount(string text)
    {
        var count = text.Length;
        foreach (var c in text)
            if (c is '^' or '{' or '}' or '\\' or '[' or '~' or ']' or '|' or '€' or '\f') count++;
        return count;
    }
}
