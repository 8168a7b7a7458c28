using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// A conversation's path ("main:1", "status.type:national_id", "status.number:12****78") in the words of
/// the menus ("Document status", "National ID", "number 12****78"), so an agent reads what the citizen
/// did without knowing the content's node ids. A status question typed in words reads "status question:
/// National ID"; other steps that are not menu choices (an SMS keyword) stay as they are.
/// </summary>
public static class PathDescription
{
    public static IReadOnlyList<string> Describe(ContentBundle content, IEnumerable<string> path, Language language = Language.En) =>
        path.Select(step => Step(content, step, language)).ToList();

    private static string Step(ContentBundle content, string step, Language language)
    {
        var colon = step.LastIndexOf(':');
        if (colon <= 0) return step;
        var (nodeId, value) = (step[..colon], step[(colon + 1)..]);
        if (nodeId.EndsWith(">result", StringComparison.Ordinal)) return $"answer, choice {value}";
        if (nodeId == DialogEngine.StatusQuestionStep) return $"status question: {content.DisplayName(ListSources.Documents, value, language) ?? value}";
        if (!content.Nodes.TryGetValue(nodeId, out var node)) return step;
        if (node.Options is { } options)
            return int.TryParse(value, out var n) && n >= 1 && n <= options.Count ? options[n - 1].Label?[language] ?? step : step;
        if (node.List is { } source) return content.DisplayName(source, value, language) ?? value;
        if (node.Input is { } kind) return $"{(kind == InputKinds.Reference ? "reference" : "number")} {value}";
        return step;
    }
}
