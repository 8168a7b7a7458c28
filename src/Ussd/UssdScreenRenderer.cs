using System.Collections.Concurrent;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Ussd;

/// <summary>
/// Turns a channel-neutral <see cref="Reply"/> into USSD screens. A screen carries at most 182 GSM-7
/// characters (GSM 03.90; Africa's Talking passes text through and the network cuts the rest), so long
/// lists and texts are split into pages reached with "98 More". Option numbers stay the same on every
/// page, so "7" picks the seventh item wherever it is shown.
/// </summary>
public sealed class UssdScreenRenderer(ContentBundle content, int maxLength = UssdScreenRenderer.DefaultMaxLength)
{
    public const int DefaultMaxLength = 182;
    public const string MoreInput = "98";

    public int MaxLength => maxLength;

    // The pages of the engine's fixed screens, kept: the same menus are shown on most hops.
    private readonly ConcurrentDictionary<Reply, IReadOnlyList<string>> _fixedPages = new(ReferenceEqualityComparer.Instance);

    /// <summary>The pages of a reply; each fits <see cref="MaxLength"/> and carries its own navigation.</summary>
    public IReadOnlyList<string> Pages(Reply reply)
    {
        if (!reply.Reusable) return Paginate(reply);
        if (!_fixedPages.TryGetValue(reply, out var pages)) pages = _fixedPages.GetOrAdd(reply, Paginate(reply));
        return pages;
    }

    private IReadOnlyList<string> Paginate(Reply reply)
    {
        var nav = Navigation(reply);
        var more = content.Prompt(PromptKeys.NavMore, reply.Language);
        var moreFooter = nav is null ? more : $"{more}\n{nav}";

        // A line too long for any page is wrapped at spaces first.
        var budget = maxLength - Length(moreFooter) - 1;
        var lines = new List<string>();
        foreach (var item in Items(reply)) Wrap(item, budget, lines);
        var lengths = lines.Select(Length).ToArray();

        // Greedy and linear: each page takes lines while they fit beside the "98 More" footer,
        // and the last page takes the rest if it fits beside the plain navigation.
        var pages = new List<string>();
        var navLength = nav is null ? 0 : Length(nav);
        var moreLength = Length(moreFooter);
        var start = 0;
        while (true)
        {
            var restLength = Span(lengths, start, lines.Count);
            if (restLength + (navLength == 0 ? 0 : navLength + (restLength > 0 ? 1 : 0)) <= maxLength)
            {
                pages.Add(Page(lines, start, lines.Count, nav));
                return pages;
            }
            var end = start;
            while (end < lines.Count && Span(lengths, start, end + 1) + 1 + moreLength <= maxLength) end++;
            if (end == start) end++; // cannot happen after wrapping; never loop forever
            pages.Add(Page(lines, start, end, moreFooter));
            start = end;
        }
    }

    /// <summary>Characters of lines [from, to) joined by newlines.</summary>
    private static int Span(int[] lengths, int from, int to)
    {
        var total = Math.Max(0, to - from - 1);
        for (var i = from; i < to; i++) total += lengths[i];
        return total;
    }

    private static string Page(List<string> lines, int from, int to, string? footer)
    {
        var page = new System.Text.StringBuilder();
        for (var i = from; i < to; i++)
        {
            if (page.Length > 0) page.Append('\n');
            page.Append(lines[i]);
        }
        if (footer is not null)
        {
            if (page.Length > 0) page.Append('\n');
            page.Append(footer);
        }
        return page.ToString();
    }

    /// <summary>How long the reply would be on a single screen (content validation: menus must not page).</summary>
    public int SingleScreenLength(Reply reply)
    {
        var items = Items(reply);
        return Length(Page(items, 0, items.Count, Navigation(reply)));
    }

    private static List<string> Items(Reply reply)
    {
        var items = new List<string>();
        if (reply.Notice is { Length: > 0 } notice) items.Add(notice);
        items.AddRange(reply.Lines.Where(l => l.Length > 0));
        items.AddRange(reply.Options.Select(o => $"{o.Key}. {o.Label}"));
        return items;
    }

    private string? Navigation(Reply reply) => reply.Ends || !reply.CanGoBack ? null
        : $"{content.Prompt(PromptKeys.NavBack, reply.Language)} {content.Prompt(PromptKeys.NavHome, reply.Language)}";

    /// <summary>Length as the network counts it: GSM-7 extension characters take two.</summary>
    public static int Length(string text) => Gsm7.SeptetCount(text);

    private static void Wrap(string line, int budget, List<string> into)
    {
        if (Length(line) <= budget)
        {
            into.Add(line);
            return;
        }
        // Each word is measured once and the line grows in place: a status answer is wrapped on every
        // lookup, and building a candidate string per word made that quadratic.
        var current = new System.Text.StringBuilder();
        var currentLength = 0;
        foreach (var word in line.Split(' '))
        {
            var wordLength = Length(word);
            var candidateLength = current.Length == 0 ? wordLength : currentLength + 1 + wordLength;
            if (candidateLength <= budget)
            {
                if (current.Length > 0) current.Append(' ');
                current.Append(word);
                currentLength = candidateLength;
                continue;
            }
            if (current.Length > 0) into.Add(current.ToString());
            var rest = word;
            while (Length(rest) > budget)
            {
                into.Add(rest[..budget]);
                rest = rest[budget..];
            }
            current.Clear().Append(rest);
            currentLength = Length(rest);
        }
        if (current.Length > 0) into.Add(current.ToString());
    }
}
