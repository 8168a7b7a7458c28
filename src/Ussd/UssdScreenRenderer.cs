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
internal sealed class UssdScreenRenderer(ContentBundle content, int maxLength = UssdScreenRenderer.DefaultMaxLength)
{
    public const int DefaultMaxLength = 182;
    public const string MoreInput = "98";

    public int MaxLength => maxLength;

    // The pages of the screens the engine keeps (Reply.Reusable): the same menus are shown on most hops.
    private readonly ConcurrentDictionary<Reply, IReadOnlyList<string>> _fixedPages = new(ReferenceEqualityComparer.Instance);

    /// <summary>The pages of a reply; each fits <see cref="MaxLength"/> and carries its own navigation.</summary>
    public IReadOnlyList<string> Pages(Reply reply)
    {
        if (!reply.Reusable) return Paginate(reply);
        if (!_fixedPages.TryGetValue(reply, out var pages)) pages = _fixedPages.GetOrAdd(reply, Paginate(reply));
        return pages;
    }

    /// <summary>A page's last lines: "0 Back 00 Home" and "98 More" in one language, and their lengths.</summary>
    private sealed record Footers(string? Nav, int NavLength, string More, int MoreLength, string MoreAndNav, int MoreAndNavLength);

    // Per language, built on first use: the same on every screen.
    private readonly ConcurrentDictionary<Language, Footers> _footers = new();

    private Footers FootersIn(Language language) => _footers.GetOrAdd(language, static (language, content) =>
    {
        var nav = $"{content.Prompt(PromptKeys.NavBack, language)} {content.Prompt(PromptKeys.NavHome, language)}";
        var more = content.Prompt(PromptKeys.NavMore, language);
        var moreAndNav = $"{more}\n{nav}";
        return new Footers(nav, Length(nav), more, Length(more), moreAndNav, Length(moreAndNav));
    }, content);

    private IReadOnlyList<string> Paginate(Reply reply)
    {
        var footers = FootersIn(reply.Language);
        var hasNav = HasNavigation(reply);
        var nav = hasNav ? footers.Nav : null;
        var navLength = hasNav ? footers.NavLength : 0;
        var (moreFooter, moreLength) = hasNav ? (footers.MoreAndNav, footers.MoreAndNavLength) : (footers.More, footers.MoreLength);

        // A line too long for any page is wrapped at spaces first; each line is measured once.
        var budget = maxLength - moreLength - 1;
        var lines = new List<string>();
        var lengths = new List<int>();
        foreach (var item in Items(reply)) Wrap(item, budget, lines, lengths);

        // Greedy and linear: each page takes lines while they fit beside the "98 More" footer,
        // and the last page takes the rest if it fits beside the plain navigation.
        var pages = new List<string>();
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
    private static int Span(List<int> lengths, int from, int to)
    {
        var total = Math.Max(0, to - from - 1);
        for (var i = from; i < to; i++) total += lengths[i];
        return total;
    }

    private static string Page(List<string> lines, int from, int to, string? footer)
    {
        // Sized up front: a page is built on every hop whose screen is not kept, and growing from the
        // default capacity made five buffers for a full screen.
        var size = footer?.Length ?? 0;
        for (var i = from; i < to; i++) size += lines[i].Length + 1;
        var page = new System.Text.StringBuilder(size);
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
        return Length(Page(items, 0, items.Count, HasNavigation(reply) ? FootersIn(reply.Language).Nav : null));
    }

    private static List<string> Items(Reply reply)
    {
        // Register text (a holder's name, a centre) may hold a character outside GSM-7, which would send
        // the whole screen as UCS-2, where 182 characters no longer fit: every screen goes out in GSM-7.
        // Content is GSM-7 already (checked at start), so this is one vectorised scan a line.
        var items = new List<string>(reply.Lines.Count + reply.Options.Count + 1);
        if (reply.Notice is { Length: > 0 } notice) items.Add(Gsm7.ToGsm7(notice));
        foreach (var line in reply.Lines)
            if (line.Length > 0) items.Add(Gsm7.ToGsm7(line));
        foreach (var option in reply.Options) items.Add(Gsm7.ToGsm7($"{option.Key}. {option.Label}"));
        return items;
    }

    private static bool HasNavigation(Reply reply) => !reply.Ends && reply.CanGoBack;

    /// <summary>Length as the network counts it: GSM-7 extension characters take two.</summary>
    public static int Length(string text) => Gsm7.SeptetCount(text);

    private static void Wrap(string line, int budget, List<string> into, List<int> lengths)
    {
        var length = Length(line);
        if (length <= budget)
        {
            into.Add(line);
            lengths.Add(length);
            return;
        }
        // Word by word over the line itself: each word is measured once, and only the wrapped lines
        // become strings (a status answer is wrapped on every lookup).
        // One buffer for every wrapped line: a line holds at most the budget's septets, so as many characters.
        var current = new System.Text.StringBuilder(budget);
        var currentLength = 0;
        foreach (var range in line.AsSpan().Split(' '))
        {
            var word = line.AsSpan(range);
            var wordLength = Gsm7.SeptetCount(word);
            var candidateLength = current.Length == 0 ? wordLength : currentLength + 1 + wordLength;
            if (candidateLength <= budget)
            {
                if (current.Length > 0) current.Append(' ');
                current.Append(word);
                currentLength = candidateLength;
                continue;
            }
            if (current.Length > 0)
            {
                into.Add(current.ToString());
                lengths.Add(currentLength);
            }
            while (Gsm7.SeptetCount(word) > budget)
            {
                // A word longer than a page (a name with no spaces) is cut where its septets fill the
                // budget: extension characters take two, so a cut by characters could overflow.
                var cut = CharactersWithin(word, budget);
                var piece = word[..cut].ToString();
                into.Add(piece);
                lengths.Add(Length(piece));
                word = word[cut..];
            }
            current.Clear().Append(word);
            currentLength = Gsm7.SeptetCount(word);
        }
        if (current.Length > 0)
        {
            into.Add(current.ToString());
            lengths.Add(currentLength);
        }
    }

    /// <summary>How many characters from the start of the text fit in the budget of septets (at least one).</summary>
    private static int CharactersWithin(ReadOnlySpan<char> text, int budget)
    {
        var septets = 0;
        for (var i = 0; i < text.Length; i++)
        {
            septets += Gsm7.SeptetCount(text.Slice(i, 1));
            if (septets > budget) return Math.Max(1, i);
        }
        return text.Length;
    }
}
