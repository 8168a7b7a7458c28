using System.Text.RegularExpressions;
using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Conversations;

/// <summary>A status question typed as free text: which document, its number, and the language the citizen wrote in.</summary>
public sealed record StatusQuestion(string DocumentType, string Number, Language Language)
{
    /// <summary>
    /// "is my ID 12345678 ready?", "kitambulisho changu 12345678 kiko tayari?": a document's words (the
    /// SMS keywords of content/sms.yaml, forgiving a typo in longer words) and a number that fits that
    /// document's pattern. Null when either is missing.
    /// </summary>
    public static StatusQuestion? Find(ContentBundle content, string text)
    {
        var tokens = Tokens(text);
        foreach (var keyword in content.SmsKeywords.Where(k => k.Command == "status" && k.Document is not null))
        {
            var document = content.Document(keyword.Document);
            if (document is null) continue;
            foreach (var (phrases, language) in new[] { (keyword.En, Language.En), (keyword.Sw, Language.Sw) })
            {
                if (!phrases.Any(p => Mentions(tokens, p))) continue;
                var number = tokens.FirstOrDefault(t => t.Any(char.IsDigit) && Regex.IsMatch(t, document.Pattern, RegexOptions.IgnoreCase));
                if (number is not null) return new StatusQuestion(document.Id, number, language);
            }
        }
        return null;
    }

    /// <summary>The message's words, upper case, without punctuation.</summary>
    public static string[] Tokens(string text) =>
        Regex.Split(text.ToUpperInvariant(), @"[^\p{L}\p{N}]+").Where(t => t.Length > 0).ToArray();

    /// <summary>The phrase's words appear in a row; words of five letters or more may have one typo.</summary>
    public static bool Mentions(string[] tokens, string phrase)
    {
        var words = phrase.ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var start = 0; start + words.Length <= tokens.Length; start++)
        {
            var all = true;
            for (var i = 0; i < words.Length && all; i++)
                all = tokens[start + i] == words[i] || (words[i].Length >= 5 && FaqSearch.Like(tokens[start + i].ToLowerInvariant(), words[i].ToLowerInvariant()));
            if (all) return true;
        }
        return false;
    }
}
