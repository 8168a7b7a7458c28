namespace Huduma.Contact.Core.Content;

/// <summary>A text a citizen sees, in both languages the product speaks.</summary>
public sealed class LocalizedText : ContentItem
{
    public string? En { get; set; }
    public string? Sw { get; set; }

    public string this[Language language] => language == Language.Sw ? Sw ?? En ?? "" : En ?? Sw ?? "";

    public static LocalizedText Of(string en, string sw) => new() { En = en, Sw = sw };
}
