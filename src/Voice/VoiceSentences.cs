using System.Text.RegularExpressions;
using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Voice;

/// <summary>
/// Every sentence the IVR can say that content fixes in advance — menu titles (filled with each choice
/// they can name), each choice as "for X, press N" with the key it gets, the voice.* prompts, error
/// prompts — in both languages: what `render-prompts` turns into audio. Sentences built from a caller's
/// own data (a document's status, a reference) are spoken by text-to-speech instead.
/// </summary>
public static partial class VoiceSentences
{
    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    private static readonly string[] Fixed =
    [
        VoicePrompts.More, VoicePrompts.Back, VoicePrompts.Navigation, VoicePrompts.EnterHash, VoicePrompts.NoInput, VoicePrompts.Goodbye,
        VoicePrompts.Closed, PromptKeys.ErrorChoice, PromptKeys.ErrorReference, PromptKeys.Unavailable,
    ];

    public static IReadOnlyList<(Language Language, string Text)> All(ContentBundle content)
    {
        var sentences = new List<(Language, string)> { (Language.En, content.Prompt(VoicePrompts.Language, Language.En)) };
        foreach (var language in Languages.All)
        {
            void Add(string text) => sentences.Add((language, text));
            foreach (var key in Fixed) Add(content.Prompt(key, language));
            foreach (var document in content.Documents)
                Add(content.Prompt(PromptKeys.ErrorNumber, language, ("hint", document.Hint?[language])));

            foreach (var node in content.NodeList.Where(n => n.Id != ContentBundle.LanguageNode))
            {
                foreach (var title in Titles(content, node, language)) Add(Spoken.Text(title));
                foreach (var labels in Choices(content, node, language))
                    for (var i = 0; i < labels.Count; i++)
                        Add(content.Prompt(VoicePrompts.Option, language, ("label", labels[i]), ("key", VoiceDialog.KeyOf(i, labels.Count))));
            }
        }
        return sentences.Distinct().ToList();
    }

    /// <summary>A node's text, once for each value its one placeholder can take (a text with none: itself).</summary>
    private static IEnumerable<string> Titles(ContentBundle content, MenuNode node, Language language)
    {
        var text = node.Text?[language] ?? "";
        var names = Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (names.Count == 0) return [text];
        if (names.Count > 1 || content.SourceOfVariable(names[0]) is not { } source) return [];
        return content.ListItems(source, language, new Dictionary<string, string>())
            .Select(item => TextTemplate.Fill(text, new Dictionary<string, string?> { [names[0]] = content.DisplayName(source, item.Id, language) }));
    }

    /// <summary>The labels of each set of choices a node can offer (a list that depends on the county: one set per county).</summary>
    private static IEnumerable<IReadOnlyList<string>> Choices(ContentBundle content, MenuNode node, Language language)
    {
        if (node.Options is { } options) return [options.Select(o => o.Label?[language] ?? "").ToList()];
        if (node.List is not { } source) return [];
        if (source == "centres")
            return content.Counties.Select(c => content.ListItems(source, language, new Dictionary<string, string> { ["county"] = c.Code.ToString() })
                .Select(i => i.Label).ToList()).Where(l => l.Count > 0);
        return [content.ListItems(source, language, new Dictionary<string, string>()).Select(i => i.Label).ToList()];
    }
}
