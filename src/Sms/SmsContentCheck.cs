using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Sms.Keywords;

namespace Huduma.Contact.Sms;

/// <summary>
/// SMS's rules on content: every keyword names a known command (and, for status, a known document),
/// has words in both languages, and no word of one command is within a forgiven typo of another
/// command's word — else a slip of the thumb could do the wrong thing.
/// </summary>
internal sealed class SmsContentCheck : IContentCheck
{
    public static readonly string[] Commands = ["status", "help", "centre", "agent", "stop", "start"];

    public IEnumerable<ContentError> Check(ContentBundle content)
    {
        foreach (var error in CheckReplies(content)) yield return error;

        foreach (var k in content.SmsKeywords)
        {
            if (!Commands.Contains(k.Command))
                yield return new ContentError(k.Where, null, $"sms keyword: unknown command '{k.Command}' (known: {string.Join(", ", Commands)})");
            if (k.Command == "status" && content.Document(k.Document) is null)
                yield return new ContentError(k.Where, null, $"sms keyword: status needs a known document, not '{k.Document}'");
            if (k.En.Count == 0 || k.Sw.Count == 0)
                yield return new ContentError(k.Where, null, $"sms keyword '{k.Command}': needs words in both 'en' and 'sw'");
        }

        var words = content.SmsKeywords
            .SelectMany(k => k.En.Concat(k.Sw).Select(w => (Word: string.Join(' ', SmsKeywordParser.Tokens(w)), Keyword: k)))
            .ToList();
        foreach (var (a, i) in words.Select((w, i) => (w, i)))
            foreach (var b in words.Skip(i + 1))
            {
                var same = a.Keyword.Command == b.Keyword.Command && a.Keyword.Document == b.Keyword.Document;
                if (same) continue;
                if (a.Word == b.Word || Close(a.Word, b.Word))
                    yield return new ContentError(b.Keyword.Where, null,
                        $"sms keyword '{b.Word}' ({b.Keyword.Command}) can be mistaken for '{a.Word}' ({a.Keyword.Command})");
            }
    }

    /// <summary>Every SMS reply fits one 160-character GSM-7 message with its placeholders at their longest.</summary>
    private static IEnumerable<ContentError> CheckReplies(ContentBundle content)
    {
        // Agents' canned replies can be sent by SMS too.
        foreach (var key in PromptKeys.Sms.Concat(content.Prompts.Keys.Where(k => k.StartsWith(PromptKeys.CannedPrefix, StringComparison.Ordinal))))
        {
            if (!content.Prompts.TryGetValue(key, out var prompt)) continue;
            foreach (var language in Languages.All)
            {
                string Longest(IEnumerable<string?> values) => values.OfType<string>().DefaultIfEmpty("").MaxBy(v => v.Length)!;
                var values = new Dictionary<string, string?>
                {
                    ["document"] = Longest(content.Documents.Select(d => d.Name?[language])),
                    ["hint"] = Longest(content.Documents.Select(d => d.Hint?[language])),
                    ["number"] = new string('9', 12),
                    ["reference"] = "HK000000",
                    ["query"] = new string('Q', 20),
                };
                var size = SmsSize.Of(TextTemplate.Fill(prompt[language], values));
                if (size.Segments > 1)
                    yield return new ContentError(prompt.Where, key,
                        $"'{language.Code()}' SMS reply needs {size.Segments} messages ({size.Units} {(size.IsGsm7 ? "GSM-7 characters" : "UCS-2 units")}, limit one message)");
            }
        }
    }

    private static bool Close(string a, string b)
    {
        var (x, y) = (a.Split(' '), b.Split(' '));
        return x.Length == y.Length && x.Zip(y).All(p => SmsKeywordParser.Close(p.First, p.Second));
    }
}
