using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

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

    // GSM-7 text is told apart by a vectorised scan: first over its ASCII part (a bitmap search, a few
    // nanoseconds a line), then over the rest of the alphabet only from the first character outside it.
    private static readonly SearchValues<char> Encodable = SearchValues.Create(Basic + Extension);
    private static readonly SearchValues<char> AsciiEncodable = SearchValues.Create(new string([.. (Basic + Extension).Where(char.IsAscii)]));

    /// <summary>The index of the first character outside GSM-7, or -1.</summary>
    private static int FirstNotEncodable(ReadOnlySpan<char> text)
    {
        var ascii = text.IndexOfAnyExcept(AsciiEncodable);
        if (ascii < 0) return -1;
        var rest = text[ascii..].IndexOfAnyExcept(Encodable);
        return rest < 0 ? -1 : ascii + rest;
    }

    /// <summary>True when the text can be sent in GSM-7 (basic alphabet or its extension table).</summary>
    public static bool CanEncode(string text) => FirstNotEncodable(text) < 0;

    /// <summary>The characters that would force UCS-2.</summary>
    public static IEnumerable<char> Offending(string text) => text.Where(c => !Encodable.Contains(c)).Distinct();

    /// <summary>
    /// The text for SMS: look-alikes replaced by their GSM-7 twins (see <see cref="ToGsm7"/>), other
    /// characters kept, since an SMS can still go as UCS-2 (at a cost) rather than lose them.
    /// </summary>
    public static string Sanitize(string text) => Clean(text, unknown: null);

    /// <summary>
    /// The text in GSM-7 alone, for USSD, where a screen sent as UCS-2 no longer fits: look-alikes
    /// replaced by their twins (ĩ → i, ’ → ', – → -, … → ...), marks over a letter dropped, any
    /// other space a space, and anything else '?'. Text already in GSM-7 is returned as it is.
    /// </summary>
    public static string ToGsm7(string text) => Clean(text, unknown: '?');

    private static string Clean(string text, char? unknown)
    {
        var i = FirstNotEncodable(text);
        if (i < 0) return text;
        var result = new StringBuilder(text.Length + 8).Append(text, 0, i);
        while (true)
        {
            var c = text[i++];
            if (LookAlikes.TryGetValue(c, out var twin)) result.Append(twin);
            else if (char.IsHighSurrogate(c) && i < text.Length && char.IsLowSurrogate(text[i]))
            {
                // One character beyond the BMP (most emoji): one '?', not two.
                if (unknown is { } mark) result.Append(mark);
                else result.Append(c).Append(text[i]);
                i++;
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                     or UnicodeCategory.Format) { } // a combining tilde, a zero-width joiner, a soft hyphen: nothing to show
            else if (char.IsWhiteSpace(c)) result.Append(' ');
            else result.Append(unknown ?? c);

            // What follows up to the next character outside GSM-7 is copied as it is.
            var next = FirstNotEncodable(text.AsSpan(i));
            if (next < 0) return result.Append(text, i, text.Length - i).ToString();
            result.Append(text, i, next);
            i += next;
        }
    }

    // Twins for what GSM-7 lacks: from word processors (curly quotes, long dashes, ellipsis, no-break
    // space) and from names (Gikuyu ĩ ũ, other accented Latin letters). Letters GSM-7 has (é è ù ì ò
    // Ç Ä Ö Ñ Ü ß à ä ö ñ ü å æ ø ...) never reach this table.
    private static readonly FrozenDictionary<char, string> LookAlikes = BuildLookAlikes();

    private static FrozenDictionary<char, string> BuildLookAlikes()
    {
        var table = new Dictionary<char, string>();
        // Accented Latin letters (Latin-1, Extended-A and -B, Extended Additional): the base letter.
        foreach (var (from, to) in new[] { ('\u00C0', '\u024F'), ('\u1E00', '\u1EFF') })
            for (var c = from; c <= to; c++)
            {
                if (Encodable.Contains(c)) continue;
                var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
                if (decomposed.Length > 1 && char.IsAsciiLetter(decomposed[0])) table[c] = decomposed[0].ToString();
            }
        // Letters with no decomposition, and punctuation.
        foreach (var (chars, twin) in new (string Chars, string Twin)[]
        {
            ("\u0142", "l"), ("\u0141", "L"), ("\u0111\u00F0", "d"), ("\u0110\u00D0", "D"), ("\u0131", "i"), ("\u014B", "n"), ("\u014A", "N"),
            ("\u0127", "h"), ("\u0126", "H"), ("\u0167", "t"), ("\u0166", "T"), ("\u017F", "s"), ("\u0153", "oe"), ("\u0152", "OE"),
            ("\u00FE", "th"), ("\u00DE", "Th"), ("\u00D7", "x"),
            ("\u2018\u2019\u201A\u201B\u2032\u02BC\u02B9\u00B4`", "'"), ("\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB", "\""),
            ("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2022", "-"), ("\u2026", "..."), ("\u00B7", "."),
        })
            foreach (var c in chars) table[c] = twin;
        return table.ToFrozenDictionary();
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

    private static readonly SearchValues<char> ExtensionChars = SearchValues.Create(Extension);
}
