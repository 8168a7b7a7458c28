using System.Text.RegularExpressions;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Infra.Tests;

/// <summary>infra/README.md's section anchors, as GitHub makes them from the headings (the alerts' runbook links point at them).</summary>
internal static partial class InfraReadme
{
    public static string Path => System.IO.Path.Combine(InfraFiles.RepositoryRoot(), "infra", "README.md");

    public static IReadOnlySet<string> Anchors() =>
        File.ReadLines(Path).Where(line => line.StartsWith('#')).Select(line => Slug(line.TrimStart('#').Trim())).ToHashSet();

    /// <summary>GitHub's rule: lower case, punctuation dropped, spaces to hyphens.</summary>
    public static string Slug(string heading) => NotSlug().Replace(heading.ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex(@"[^\p{L}\p{Nd}\- _]")] private static partial Regex NotSlug();
}
