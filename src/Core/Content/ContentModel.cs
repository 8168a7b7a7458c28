namespace Huduma.Contact.Core.Content;

// The shapes of content/*.yaml. Each item remembers the file and line it came from so that
// validation errors point at the exact place a content editor has to fix.

public abstract class ContentItem
{
    public string File { get; set; } = "";
    public int Line { get; set; }
    public string Where => $"{File}:{Line}";
}

/// <summary>A dialog node: a menu, a dynamic list, or a free-text input. See content/menus.yaml.</summary>
public sealed class MenuNode : ContentItem
{
    public string Id { get; set; } = "";
    public LocalizedText? Text { get; set; }
    public List<MenuOption>? Options { get; set; }
    /// <summary>A data source whose items become the options: documents, counties, centres, services, faqs.</summary>
    public string? List { get; set; }
    /// <summary>An input kind: document-number, reference.</summary>
    public string? Input { get; set; }
    /// <summary>The session variable a list choice or an input is saved under.</summary>
    public string? Save { get; set; }
    public string? Goto { get; set; }
    public string? Action { get; set; }
}

public sealed class MenuOption : ContentItem
{
    public LocalizedText? Label { get; set; }
    public string? Goto { get; set; }
    public string? Action { get; set; }
    /// <summary>An argument for the action (e.g. the language code for set-language).</summary>
    public string? Value { get; set; }
}

public sealed class DocumentType : ContentItem
{
    public string Id { get; set; } = "";
    public LocalizedText? Name { get; set; }
    /// <summary>A regular expression the number must match (after removing spaces).</summary>
    public string Pattern { get; set; } = "";
    public LocalizedText? Hint { get; set; }
    /// <summary>What to bring when collecting.</summary>
    public LocalizedText? Collect { get; set; }
    public bool Verified { get; set; }
}

public sealed class County : ContentItem
{
    public int Code { get; set; }
    public string Name { get; set; } = "";
}

public sealed class Centre : ContentItem
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public int County { get; set; }
    public string? Constituency { get; set; }
    public LocalizedText? Location { get; set; }
    public LocalizedText? Hours { get; set; }
    public bool Verified { get; set; }
    /// <summary>Where the facts come from (a seed article), or why they are sample data.</summary>
    public string? Source { get; set; }
}

public sealed class Service : ContentItem
{
    public string Id { get; set; } = "";
    public LocalizedText? Name { get; set; }
    public string? Agency { get; set; }
    public LocalizedText? Requirements { get; set; }
    public bool Verified { get; set; }
    public string? Source { get; set; }
}

public sealed class Faq : ContentItem
{
    public string Id { get; set; } = "";
    public LocalizedText? Question { get; set; }
    public LocalizedText? Answer { get; set; }
    public bool Verified { get; set; }
    /// <summary>In the menus' list of common questions (USSD, voice); false: answered only when asked in words.</summary>
    public bool Listed { get; set; } = true;
}

/// <summary>Words a citizen texts to 1919 for one command (content/sms.yaml).</summary>
public sealed class SmsKeyword : ContentItem
{
    /// <summary>status, help, centre, agent, stop, start, menu.</summary>
    public string Command { get; set; } = "";
    /// <summary>For status: the document type asked about.</summary>
    public string? Document { get; set; }
    /// <summary>For menu: the node of content/menus.yaml it opens (the keyword is a shortcut into the menus).</summary>
    public string? Node { get; set; }
    public List<string> En { get; set; } = [];
    public List<string> Sw { get; set; } = [];
}
