namespace Huduma.Contact.Core.Content;

/// <summary>
/// The choices content saves (`save:` in content/menus.yaml) that C# code reads back by name: the status
/// look-up, the centre, service and FAQ answers, the centres list's county filter, escalations.
/// <see cref="CodeNamedContent"/> checks at start-up that a node saves each from the source the code expects.
/// </summary>
public static class SavedVariables
{
    public const string DocumentType = "documentType";
    public const string DocumentNumber = "documentNumber";
    public const string Reference = "reference";
    public const string County = "county";
    public const string Centre = "centre";
    public const string Service = "service";
    public const string Faq = "faq";
}
