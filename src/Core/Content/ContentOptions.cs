namespace Huduma.Contact.Core.Content;

internal sealed class ContentOptions
{
    public const string Section = "Content";
    /// <summary>Where content/*.yaml is read from; defaults to the shipped content.</summary>
    public string? Directory { get; set; }
}
