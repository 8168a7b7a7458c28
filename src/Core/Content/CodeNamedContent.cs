using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Core.Content;

/// <summary>
/// What the C# code expects of the content it names by id (<see cref="MenuNodes"/>, <see cref="SavedVariables"/>,
/// <see cref="ListSources"/>; prompts: <see cref="PromptKeys"/>, checked with the other prompts). A rename in
/// content/menus.yaml that leaves the menus consistent would otherwise pass, and the code would silently take
/// a wrong turn (chat pressing "0" for a status question); here it is an error naming the id and its file.
/// </summary>
internal static class CodeNamedContent
{
    private const string MenusFile = "content/menus.yaml";

    /// <summary>Why the code needs each node, said in the error.</summary>
    private static readonly Dictionary<string, string> NodeUses = new()
    {
        [MenuNodes.Language] = "a conversation without a language starts there",
        [MenuNodes.Home] = "'00' and set-language go there",
        [MenuNodes.StatusDocument] = "chat walks through it for a typed status question",
        [MenuNodes.StatusReference] = "status-lookup asks for the waiting-card reference there",
        [MenuNodes.CallbackOffer] = "chat turns the home menu's option to it into a live handoff",
    };

    /// <summary>Each saved choice the code reads, and the list or input the code expects it from.</summary>
    private static readonly (string Variable, string? List, string? Input, string ReadBy)[] Variables =
    [
        (SavedVariables.DocumentType, ListSources.Documents, null, "status-lookup and escalations"),
        (SavedVariables.DocumentNumber, null, InputKinds.DocumentNumber, "status-lookup and escalations"),
        (SavedVariables.County, ListSources.Counties, null, "the centres list, to filter by county"),
        (SavedVariables.Centre, ListSources.Centres, null, "find-centre"),
        (SavedVariables.Service, ListSources.Services, null, "service-detail"),
        (SavedVariables.Faq, ListSources.Faqs, null, "faq-answer"),
    ];

    public static IEnumerable<ContentError> Check(ContentBundle content)
    {
        foreach (var (id, use) in NodeUses)
            if (!content.Nodes.ContainsKey(id))
                yield return new ContentError(MenusFile, id, $"no such node: the code names this id ({use})");

        if (content.Nodes.GetValueOrDefault(MenuNodes.Language) is { } language)
            foreach (var code in Languages.All.Select(l => l.Code()))
                if (!(language.Options ?? []).Any(o => o.Value == code))
                    yield return new ContentError(language.Where, language.Id, $"needs an option with the value '{code}' (chat chooses the language by it)");

        if (content.Nodes.GetValueOrDefault(MenuNodes.Home) is { } home)
            foreach (var target in new[] { MenuNodes.StatusDocument, MenuNodes.CallbackOffer })
                if (!(home.Options ?? []).Any(o => o.Goto == target))
                    yield return new ContentError(home.Where, home.Id, $"needs an option going to '{target}' ({NodeUses[target]})");

        if (content.Nodes.GetValueOrDefault(MenuNodes.StatusDocument) is { } status)
        {
            if (status.List != ListSources.Documents)
                yield return new ContentError(status.Where, status.Id, $"must list '{ListSources.Documents}' ({NodeUses[status.Id]}, choosing the document)");
            if (status.Goto is null || content.Nodes.GetValueOrDefault(status.Goto)?.Input != InputKinds.DocumentNumber)
                yield return new ContentError(status.Where, status.Id,
                    $"must go on to a node with the input '{InputKinds.DocumentNumber}' ({NodeUses[status.Id]}, typing the number there)");
        }

        if (content.Nodes.GetValueOrDefault(MenuNodes.StatusReference) is { } reference
            && (reference.Input != InputKinds.Reference || reference.Save != SavedVariables.Reference))
            yield return new ContentError(reference.Where, reference.Id,
                $"must have the input '{InputKinds.Reference}' saved as '{SavedVariables.Reference}' (status-lookup reads it there)");

        foreach (var (variable, list, input, readBy) in Variables)
            if (!content.NodeList.Any(n => n.Save == variable && n.List == list && n.Input == input))
                yield return new ContentError(MenusFile, null,
                    $"no node saves '{variable}' from the {(list is null ? $"input '{input}'" : $"list '{list}'")} ({readBy} reads it)");
    }
}
