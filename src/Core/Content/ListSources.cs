namespace Huduma.Contact.Core.Content;

/// <summary>The data sources a menu node may list (`list:` in content/menus.yaml).</summary>
public static class ListSources
{
    public const string Documents = "documents";
    public const string Counties = "counties";
    public const string Centres = "centres";
    public const string Services = "services";
    public const string Faqs = "faqs";

    public static readonly string[] All = [Documents, Counties, Centres, Services, Faqs];
}
