namespace Huduma.Contact.Core.Content;

/// <summary>Finds centres from what a citizen types: a county, a town, or part of a centre's name.</summary>
public static class CentreSearch
{
    public static IReadOnlyList<Centre> Find(ContentBundle content, string query)
    {
        var words = query.Split([' ', ',', '.', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.ToUpperInvariant()).Where(w => w.Length >= 3).ToList();
        if (words.Count == 0) return [];

        bool Mentions(string? text) => text is not null && words.Any(w => text.ToUpperInvariant().Contains(w));
        var counties = content.Counties.Where(c => Mentions(c.Name)).Select(c => c.Code).ToHashSet();
        // Centres named or placed there first, then the other centres of a county that was named.
        var named = content.Centres.Where(c => Mentions(c.Name) || Mentions(c.Location?.En) || Mentions(c.Constituency));
        var inCounty = content.Centres.Where(c => counties.Contains(c.County));
        return named.Concat(inCounty).Distinct().ToList();
    }
}
