using Huduma.Contact.Core.Messaging;
using System.Text;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Sms.Keywords;

/// <summary>
/// Reads an SMS to 1919 by the keywords in content/sms.yaml: forgiving of case, spacing and
/// punctuation ("id no. 12345678", "ID12345678"), and of one slip of the thumb in words of five
/// letters or more ("KITAMBULSHO"). STOP and START are matched exactly, never guessed: they change
/// what the citizen will receive.
/// </summary>
internal sealed class SmsKeywordParser
{
    private const int FuzzyMinLength = 5;
    private static readonly HashSet<string> NumberFillers = ["NO", "NUMBER", "NUM", "NAMBARI", "NAMBA", "YA", "IS"];

    private sealed record Phrase(string[] Words, SmsKeyword Keyword, Language Language)
    {
        public bool Exact => Keyword.Command is "stop" or "start";
    }

    // Longest phrases first, so "CHETI CHA KUZALIWA" wins over "CHETI".
    private readonly List<Phrase> _phrases;

    public SmsKeywordParser(ContentBundle content)
    {
        _phrases = content.SmsKeywords
            .SelectMany(k => k.En.Select(w => (w, Language.En)).Concat(k.Sw.Select(w => (w, Language.Sw)))
                .Select(x => new Phrase(Tokens(x.w), k, x.Item2)))
            .Where(p => p.Words.Length > 0)
            .OrderByDescending(p => p.Words.Length).ThenByDescending(p => p.Words.Sum(w => w.Length))
            .ToList();
    }

    public SmsCommand Parse(string? message)
    {
        var tokens = Tokens(message ?? "");
        if (tokens.Length == 0) return SmsCommand.Unknown;
        return Match(tokens) ?? MatchGlued(tokens) ?? SmsCommand.Unknown;
    }

    /// <summary>"ID12345678": a keyword written against its number.</summary>
    private SmsCommand? MatchGlued(string[] tokens)
    {
        var first = tokens[0];
        var digit = first.IndexOfAny("0123456789".ToCharArray());
        if (digit <= 0) return null;
        return Match([first[..digit], first[digit..], .. tokens[1..]]);
    }

    private SmsCommand? Match(string[] tokens)
    {
        // An exact reading beats a forgiving one.
        foreach (var fuzzy in new[] { false, true })
            foreach (var phrase in _phrases)
            {
                if (phrase.Words.Length > tokens.Length || (fuzzy && phrase.Exact)) continue;
                var matches = true;
                for (var i = 0; i < phrase.Words.Length && matches; i++)
                    matches = fuzzy ? Close(phrase.Words[i], tokens[i]) : phrase.Words[i] == tokens[i];
                if (matches) return Command(phrase, tokens[phrase.Words.Length..]);
            }
        return null;
    }

    private static SmsCommand Command(Phrase phrase, string[] rest)
    {
        var language = phrase.Language;
        return phrase.Keyword.Command switch
        {
            "status" => new SmsCommand(SmsCommandKind.Status, language, phrase.Keyword.Document,
                InputKinds.Normalize(string.Concat(rest.SkipWhile(NumberFillers.Contains)))),
            "help" => new SmsCommand(SmsCommandKind.Help, language),
            "menu" => new SmsCommand(SmsCommandKind.Menu, language, Argument: string.Join(' ', rest), Node: phrase.Keyword.Node),
            "centre" => new SmsCommand(SmsCommandKind.Centre, language, Argument: string.Join(' ', rest)),
            "agent" => new SmsCommand(SmsCommandKind.Agent, language, Argument: string.Join(' ', rest)),
            // A message that begins with STOP is an opt-out, whatever follows: not honouring it is the worse mistake.
            "stop" => new SmsCommand(SmsCommandKind.Stop, language),
            "start" => new SmsCommand(SmsCommandKind.Start, language),
            _ => SmsCommand.Unknown,
        };
    }

    /// <summary>Upper case, punctuation as spaces, one space between words.</summary>
    public static string[] Tokens(string text)
    {
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            cleaned.Append(char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : ' ');
        }
        return cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Equal, or one edit apart (insert, delete, replace, swap) for words long enough to tell.</summary>
    public static bool Close(string expected, string actual)
    {
        if (expected == actual) return true;
        if (expected.Length < FuzzyMinLength || Math.Abs(expected.Length - actual.Length) > 1) return false;
        return OptimalStringAlignment(expected, actual) <= 1;
    }

    private static int OptimalStringAlignment(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
