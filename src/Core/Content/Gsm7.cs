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

    /// <summary>True when the text can be sent in GSM-7 (basic alphabet or its extension table).</summary>
    public static bool CanEncode(string text) => text.All(c => BasicSet.Contains(c) || ExtensionSet.Contains(c));

    /// <summary>The characters that would force UCS-2.</summary>
    public static IEnumerable<char> Offending(string text) =>
        text.Where(c => !BasicSet.Contains(c) && !ExtensionSet.Contains(c)).Distinct();

    // Look-alikes that slip in from word processors and names: sent as their GSM-7 twins rather than
    // turning the whole message into UCS-2 (which more than halves what fits in one SMS).
    private static readonly Dictionary<char, string> LookAlikes = new()
    {
        ['\u2018'] = "'", ['\u2019'] = "'", ['\u201A'] = "'", ['\u2032'] = "'", ['\u201C'] = "\"", ['\u201D'] = "\"", ['\u201E'] = "\"",
        ['\u2013'] = "-", ['\u2014'] = "-", ['\u2212'] = "-", ['\u2026'] = "...", ['\u00A0'] = " ", ['\u2022'] = "-",
        ['\u00E1'] = "a", ['\u00E2'] = "a", ['\u00E7'] = "c", ['\u00EA'] = "e", ['\u00EB'] = "e", ['\u00ED'] = "i",
        ['\u00EE'] = "i", ['\u00EF'] = "i", ['\u00F3'] = "o", ['\u00F4'] = "o", ['\u00FA'] = "u", ['\u00FB'] = "u",
    };

    /// <summary>The text with look-alike characters replaced by their GSM-7 twins; other characters kept.</summary>
    public static string Sanitize(string text)
    {
        if (CanEncode(text)) return text;
        var result = new System.Text.StringBuilder(text.Length);
        foreach (var c in text) result.Append(LookAlikes.TryGetValue(c, out var twin) ? twin : c.ToString());
        return result.ToString();
    }

    /// <summary>Septets used: extension characters take an escape plus the character.</summary>
    public static int SeptetCount(string text) => SeptetCount(text.AsSpan());

    /// <inheritdoc cref="SeptetCount(string)"/>
    public static int SeptetCount(ReadOnlySpan<char> text)
    {
        // Every USSD screen and each word of a wrapped answer is measured: a vectorised search that
        // finds none in most texts.
        var rest = text;
        var count = rest.Length;
        for (int i; (i = rest.IndexOfAny(ExtensionChars)) >= 0; rest = rest[(i + 1)..]) count++;
        return count;
    }

    private static readonly System.Buffers.SearchValues<char> ExtensionChars = System.Buffers.SearchValues.Create(Extension);
}
