using System.Text;

namespace Huduma.Contact.Core.Content;

/// <summary>An FAQ found for a question, the language it matched in, and how sure the search is (0–1).</summary>
public sealed record FaqMatch(Faq Faq, Language Language, double Score);

/// <summary>
/// Answers free text from the FAQ content, in English or Kiswahili, forgiving typos. A question's words
/// (common words left out) are matched against each FAQ's question — and, at less weight, its answer —
/// exactly, by a shared stem, or within one typo for longer words, each word weighted by how few FAQs use
/// it (<see cref="Weight"/>). Below <see cref="Threshold"/> the
/// search says "no match" rather than guess: the bot then offers the menu or an agent.
/// </summary>
public sealed class FaqSearch(ContentBundle content)
{
    public const double Threshold = 0.5;
    private const double AnswerWeight = 0.4;

    private static readonly HashSet<string> EnglishCommonWords =
    [
        "a", "an", "the", "is", "are", "am", "was", "be", "do", "does", "did", "i", "me", "my", "we", "our", "you", "your", "it", "its",
        "to", "of", "in", "on", "at", "for", "and", "or", "can", "could", "how", "what", "where", "when", "which", "who", "why", "please",
        "get", "have", "has", "there", "this", "that", "with", "from", "will", "would", "should", "any", "hi", "hello",
        // The same small words as SMS spells them: a word no FAQ knows weighs most (Weight), so these must not count.
        "wat", "wht", "hw", "hwo", "wen", "wer", "whr", "shud", "shld", "cn", "cud", "u", "ur", "yo", "pls", "plz", "nd", "n", "2", "4", "ma", "mi", "da", "de",
    ];

    private static readonly HashSet<string> SwahiliCommonWords =
    [
        "ni", "na", "ya", "wa", "za", "la", "cha", "vya", "kwa", "au", "je", "gani", "nini", "changu", "yangu", "wangu", "lako", "yako", "mimi", "wewe",
        "katika", "kwenye", "hii", "huu", "hiki", "kiko", "iko", "tafadhali", "habari", "jambo", "vipi", "nawezaje", "naweza",
        "kupata", "pata", // "get", as in English
    ];

    private static readonly HashSet<string> CommonWords = [.. EnglishCommonWords, .. SwahiliCommonWords];

    private readonly List<(Faq Faq, Language Language, string[] Question, string[] Answer)> _index =
        content.Faqs.SelectMany(f => Languages.All.Select(l => (f, l, Words(f.Question?[l]), Words(f.Answer?[l])))).ToList();

    public FaqMatch? Find(string question)
    {
        var words = Words(question);
        if (words.Length == 0) return null;
        // "PIN ya KRA" scores the same against the English and the Kiswahili question: the common words
        // the citizen used tell which language to answer in.
        var hint = LanguageOf(question);
        // One pass over the index finds where each word is in each FAQ; the weights need the same answer
        // for every FAQ, so they are counted from it rather than by a second pass (this runs on every chat
        // and SMS message that is not a menu choice).
        var found = new Place[_index.Count * words.Length];
        var faqsUsing = new int[words.Length];
        for (var e = 0; e < _index.Count; e++)
            for (var i = 0; i < words.Length; i++)
            {
                var place = AnyLike(_index[e].Question, words[i]) ? Place.Question : AnyLike(_index[e].Answer, words[i]) ? Place.Answer : Place.None;
                found[e * words.Length + i] = place;
                if (place != Place.None) faqsUsing[i]++;
            }
        var weights = faqsUsing.Select(Weight).ToArray();
        var total = weights.Sum();
        FaqMatch? best = null;
        var bestQuestionHits = 0;
        for (var e = 0; e < _index.Count; e++)
        {
            double score = 0;
            var questionHits = 0;
            for (var i = 0; i < words.Length; i++)
            {
                switch (found[e * words.Length + i])
                {
                    case Place.Question: score += weights[i]; questionHits++; break;
                    case Place.Answer: score += AnswerWeight * weights[i]; break;
                }
            }
            score /= total;
            var (faq, language, _, _) = _index[e];
            if (best is null || score > best.Score || (score == best.Score && language == hint && best.Language != hint)) (best, bestQuestionHits) = (new FaqMatch(faq, language, score), questionHits);
        }
        // A match must rest on the FAQ's question, not only on words its answer happens to use.
        return best is { Score: >= Threshold } && bestQuestionHits > 0 ? best : null;
    }

    private enum Place : byte { None, Question, Answer }

    private static bool AnyLike(string[] words, string word)
    {
        foreach (var w in words)
            if (Like(word, w)) return true;
        return false;
    }

    /// <summary>
    /// How much a word says about which FAQ is meant: less the more FAQs use it, most for a word no FAQ
    /// knows. "What do I need for a passport" matches the birth certificate's "what do I need" on one word
    /// of two, but "passport", which no FAQ mentions, is the word that tells what the citizen asks about.
    /// </summary>
    private double Weight(int faqsUsingIt) =>
        // Inverse document frequency, smoothed so that a word every FAQ uses still weighs something.
        1 + Math.Log((_index.Count + 1.0) / (faqsUsingIt + 1.0));

    /// <summary>The language whose common words the text uses more, or null on a tie.</summary>
    private static Language? LanguageOf(string text)
    {
        var words = text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('?', '.', ',', '!', ':', ';')).ToList();
        var english = words.Count(EnglishCommonWords.Contains);
        var swahili = words.Count(SwahiliCommonWords.Contains);
        return english > swahili ? Language.En : swahili > english ? Language.Sw : null;
    }

    /// <summary>Lower-case words without punctuation or accents, common words left out.</summary>
    public static string[] Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var clean = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            clean.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return clean.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !CommonWords.Contains(w)).Distinct().ToArray();
    }

    /// <summary>The same word, the same stem (first five letters of words of six or more), or one typo apart (words of five or more).</summary>
    public static bool Like(string a, string b)
    {
        if (a == b) return true;
        if (a.Length >= 6 && b.Length >= 6 && a.AsSpan(0, 5).SequenceEqual(b.AsSpan(0, 5))) return true;
        return a.Length >= 5 && b.Length >= 5 && Math.Abs(a.Length - b.Length) <= 1 && OneEditApart(a, b);
    }

    /// <summary>One insertion, deletion, substitution or swap of neighbours (Damerau–Levenshtein distance 1).</summary>
    private static bool OneEditApart(string a, string b)
    {
        if (a.Length == b.Length)
        {
            int first = -1, second = -1;
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] == b[i]) continue;
                if (first < 0) first = i;
                else if (second < 0) second = i;
                else return false;
            }
            return (first >= 0 && second < 0) || (second == first + 1 && a[first] == b[second] && a[second] == b[first]);
        }
        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        for (var i = 0; i < shorter.Length; i++)
            if (longer[i] != shorter[i]) return longer.AsSpan(i + 1).SequenceEqual(shorter.AsSpan(i));
        return true;
    }
}
