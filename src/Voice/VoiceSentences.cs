using System.Text.RegularExpressions;
using Huduma.Contact.Core.Actions;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Voice;

/// <summary>
/// Every sentence the IVR can say that content fixes in advance — menu titles (filled with each choice
/// they can name), each choice as "for X, press N" with the key it gets, the voice.* prompts, error
/// prompts, and the answers content gives whoever asks (a centre's details, a service's requirements, a
/// common question's answer) — in both languages: what `render-prompts` turns into audio. Sentences
/// built from a caller's own data (a document's status, a reference) are spoken by text-to-speech instead.
/// </summary>
public static partial class VoiceSentences
{
    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    private static readonly string[] Fixed =
    [
        VoicePrompts.More, VoicePrompts.Back, VoicePrompts.Navigation, VoicePrompts.EnterHash, VoicePrompts.NoInput, VoicePrompts.Goodbye,
        VoicePrompts.Closed, PromptKeys.ErrorChoice, PromptKeys.ErrorReference, PromptKeys.Unavailable, PromptKeys.Unconfirmed,
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

            foreach (var node in content.NodeList.Where(n => n.Id != MenuNodes.Language))
            {
                foreach (var title in Titles(content, node, language)) Add(Spoken.Text(title));
                foreach (var labels in Choices(content, node, language))
                    for (var i = 0; i < labels.Count; i++)
                        Add(content.Prompt(VoicePrompts.Option, language, ("label", labels[i]), ("key", VoiceDialog.KeyOf(i, labels.Count))));
            }
            foreach (var line in Answers(content, language)) Add(Spoken.Text(line));
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

    /// <summary>The lines the content-only actions answer with, each run as the dialog runs it (no copy of their logic).</summary>
    private static IEnumerable<string> Answers(ContentBundle content, Language language)
    {
        var faqs = new FaqAnswerAction(content);
        // Only the listed ones: a caller reaches an answer through the list (the rest are for chat).
        foreach (var faq in content.Faqs.Where(f => f.Listed))
        {
            var state = new ConversationState { Vars = { [SavedVariables.Faq] = faq.Id } };
            var outcome = faqs.RunAsync(new ActionContext(new Turn(VoiceDialog.Channel, "render-prompts", null, null), state, language, null), default).Result;
            if (outcome is ActionOutcome.Show show) foreach (var line in show.Lines) yield return line;
        }
        var services = new ServiceDetailAction(content);
        foreach (var service in content.Services) foreach (var line in services.Describe(service, language)) yield return line;
        var centres = new FindCentreAction(content);
        foreach (var centre in content.Centres) foreach (var line in centres.Describe(centre, language)) yield return line;
    }

    /// <summary>The labels of each set of choices a node can offer (a list that depends on the county: one set per county).</summary>
    private static IEnumerable<IReadOnlyList<string>> Choices(ContentBundle content, MenuNode node, Language language)
    {
        if (node.Options is { } options) return [options.Select(o => o.Label?[language] ?? "").ToList()];
        if (node.List is not { } source) return [];
        if (source == ListSources.Centres)
            return content.Counties.Select(c => content.ListItems(source, language, new Dictionary<string, string> { [SavedVariables.County] = c.Code.ToString() })
                .Select(i => i.Label).ToList()).Where(l => l.Count > 0);
        return [content.ListItems(source, language, new Dictionary<string, string>()).Select(i => i.Label).ToList()];
    }
}
