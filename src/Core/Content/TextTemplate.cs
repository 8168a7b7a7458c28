using System.Text.RegularExpressions;

namespace Huduma.Contact.Core.Content;

/// <summary>Fills {name} placeholders in content texts.</summary>
public static partial class TextTemplate
{
    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_.-]*)\}")]
    private static partial Regex Placeholder();

    /// <summary>The text with each {name} that has a value replaced; unknown names stay as they are.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string?> values)
    {
        // A plain scan rather than the regex: texts are filled on every hop that shows a status or a
        // number prompt, and a scan allocates only the result.
        var open = text.IndexOf('{');
        if (open < 0) return text;
        var filled = new System.Text.StringBuilder(text.Length + 32);
        var done = 0;
        while (open >= 0)
        {
            var close = text.IndexOf('}', open + 1);
            if (close < 0) break;
            var name = text.AsSpan(open + 1, close - open - 1);
            if (IsName(name) && values.TryGetValue(name.ToString(), out var value) && value is not null)
            {
                filled.Append(text, done, open - done).Append(value);
                done = close + 1;
            }
            open = text.IndexOf('{', open + 1);
        }
        return filled.Append(text, done, text.Length - done).ToString();
    }

    private static bool IsName(ReadOnlySpan<char> name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && !name.ContainsAnyExcept(NameChars);

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    public static IEnumerable<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value);
}
