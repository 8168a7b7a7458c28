using System.Text.Json;
using System.Text.RegularExpressions;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Infra.Tests;

/// <summary>
/// The configuration keys the host documents: the configuration tables of README.md and docs/DESIGN.md
/// (`Twilio:AccountSid`, `:AuthToken` continuing the section; N, 0..n and &lt;name&gt; for any list
/// index or name) and the keys of src/Host/appsettings.json.
/// </summary>
internal static partial class ConfigurationKeys
{
    public static IReadOnlyList<string[]> Documented()
    {
        var root = InfraFiles.RepositoryRoot();
        var patterns = new List<string[]>();
        foreach (var doc in new[] { "README.md", Path.Combine("docs", "DESIGN.md") })
            patterns.AddRange(FromTable(File.ReadAllLines(Path.Combine(root, doc))));
        using var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "src", "Host", "appsettings.json")));
        patterns.AddRange(Leaves(appsettings.RootElement, []).Select(k => k.ToArray()));
        return patterns;
    }

    /// <summary>Whether an environment variable's name (`Register__Agencies__0__Key`) is a documented key.</summary>
    public static bool IsDocumented(string environmentName, IReadOnlyList<string[]> documented)
    {
        var segments = environmentName.Split("__");
        return documented.Any(pattern => pattern.Length == segments.Length
            && pattern.Zip(segments).All(p => IsWildcard(p.First) || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase)));
    }

    private static bool IsWildcard(string segment) => segment is "N" or "0..n" || segment.StartsWith('<');

    private static IEnumerable<string[]> FromTable(string[] lines)
    {
        var start = Array.FindIndex(lines, l => l.StartsWith("## Configuration"));
        Assert.True(start >= 0, "no '## Configuration' section");
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ")).Where(l => l.StartsWith("| `")))
        {
            string[]? previous = null;
            foreach (Match key in Backticked().Matches(line.Split('|')[1]))
            {
                var text = key.Groups[1].Value;
                var segments = text.StartsWith(':') && previous is not null
                    ? previous[..^1].Concat(text[1..].Split(':')).ToArray()
                    : text.Split(':');
                previous = segments;
                yield return segments;
            }
        }
    }

    private static IEnumerable<List<string>> Leaves(JsonElement element, List<string> path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield return path;
            yield break;
        }
        foreach (var property in element.EnumerateObject())
            foreach (var leaf in Leaves(property.Value, [.. path, property.Name]))
                yield return leaf;
    }

    [GeneratedRegex("`([^`]+)`")] private static partial Regex Backticked();
}
