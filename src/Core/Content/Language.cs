namespace Huduma.Contact.Core.Content;

/// <summary>The two languages every citizen-facing text exists in.</summary>
public enum Language { En, Sw }

public static class Languages
{
    public static readonly Language[] All = [Language.En, Language.Sw];

    public static string Code(this Language language) => language == Language.Sw ? "sw" : "en";

    public static Language? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "en" => Language.En,
        "sw" => Language.Sw,
        _ => null,
    };
}
