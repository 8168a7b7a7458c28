namespace Huduma.Contact.Core.Content;

/// <summary>
/// For the content checks (USSD screens, SMS segments): a text with each placeholder filled with the longest
/// name its list can put there, so a text that fits this way fits whatever the citizen chose.
/// </summary>
public static class WorstCaseText
{
    public static string Fill(string text, ContentBundle content, Language language)
    {
        var values = TextTemplate.Placeholders(text).Distinct().ToDictionary(p => p, p =>
        {
            var source = content.SourceOfVariable(p);
            var names = source is null ? [] : content.ListItems(source, language, new Dictionary<string, string>())
                .Select(i => content.DisplayName(source, i.Id, language) ?? "");
            return (string?)names.DefaultIfEmpty("").MaxBy(n => n.Length);
        });
        return TextTemplate.Fill(text, values);
    }
}
