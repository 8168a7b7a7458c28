using System.Text.RegularExpressions;

namespace Huduma.Contact.Voice;

/// <summary>
/// Text made fit for a speech engine: numbers and references read out a character at a time, in groups
/// ("12345678" → "1 2 3 4, 5 6 7 8"), not as "twelve million…".
/// </summary>
internal static partial class Spoken
{
    [GeneratedRegex(@"\b(?=[A-Z0-9]*\d)[A-Z0-9]{5,}\b")]
    private static partial Regex Code();

    public static string Text(string text) => Code().Replace(text, m => Characters(m.Value));

    /// <summary>"HK000042" → "H K 0 0, 0 0 4 2": one character at a time, in groups of four.</summary>
    public static string Characters(string value) =>
        string.Join(", ", value.Chunk(4).Select(group => string.Join(' ', group)));
}
