namespace Huduma.Contact.Core.Content;

/// <summary>
/// The menu nodes (content/menus.yaml) that C# code names by id. <see cref="CodeNamedContent"/> checks at
/// start-up that each is there with the shape the code expects: renaming one in content stops the host,
/// instead of sending citizens somewhere else.
/// </summary>
public static class MenuNodes
{
    /// <summary>Where a conversation starts while its language is not known.</summary>
    public const string Language = "language";

    /// <summary>The home menu: "00" and set-language lead here.</summary>
    public const string Home = "main";

    /// <summary>The status question's first step, "which document?": chat walks through it for a typed question.</summary>
    public const string StatusDocument = "status.type";

    /// <summary>Where status-lookup asks for the waiting-card reference.</summary>
    public const string StatusReference = "status.reference";

    /// <summary>The call-back offer; in chat, the home menu's option to it is a live handoff instead.</summary>
    public const string CallbackOffer = "callback.confirm";

    public static readonly string[] All = [Language, Home, StatusDocument, StatusReference, CallbackOffer];
}
