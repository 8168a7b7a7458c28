using System.Text.RegularExpressions;

namespace Huduma.Contact.Core.Content;

/// <summary>Fills {name} placeholders in content texts.</summary>
public static partial class TextTemplate
{
    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_.-]*)\}")]
    private static partial Regex Placeholder();

    public static string Fill(string text, IReadOnlyDictionary<string, string?> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) && v is not null ? v : m.Value);

    public static IEnumerable<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value);
}
