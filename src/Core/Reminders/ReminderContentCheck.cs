using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;

namespace Huduma.Contact.Core.Reminders;

/// <summary>Every reminder, in both languages, fits <see cref="ReminderMessage.MaxSegments"/> SMS with its longest centre, hours and requirements.</summary>
internal sealed class ReminderContentCheck : IContentCheck
{
    public IEnumerable<ContentError> Check(ContentBundle content)
    {
        foreach (var (key, sequence) in new[] { (PromptKeys.ReminderReady, 0), (PromptKeys.ReminderAgain, 1) })
        {
            if (!content.Prompts.TryGetValue(key, out var prompt)) continue;
            foreach (var language in Languages.All)
            {
                string Longest(IEnumerable<string?> values) => values.OfType<string>().DefaultIfEmpty("").MaxBy(v => v.Length)!;
                var text = ReminderMessage.Fill(content, sequence, language,
                    Longest(content.Documents.Select(d => d.Name?[language])), "9999",
                    Longest(content.Centres.Select(c => c.Name)), Longest(content.Centres.Select(c => c.Hours?[language])),
                    Longest(content.Documents.Select(d => d.Collect?[language])), sample: true);
                var size = SmsSize.Of(text);
                if (!size.IsGsm7 || size.Segments > ReminderMessage.MaxSegments)
                    yield return new ContentError(prompt.Where, key,
                        $"'{language.Code()}' reminder needs {size.Segments} messages ({size.Units} {(size.IsGsm7 ? "GSM-7 characters" : "UCS-2 units")}, limit {ReminderMessage.MaxSegments} GSM-7)");
            }
        }
    }
}
