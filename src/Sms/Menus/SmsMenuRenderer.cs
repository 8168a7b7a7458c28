using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Messaging;

namespace Huduma.Contact.Sms.Menus;

/// <summary>
/// A screen of the one dialog as SMS: a notice if any, the text, a line per option ("1 Document status")
/// and "0 Back" where going back applies, in the reply's language. A reply costs by the segment, so
/// each message fits <see cref="MaxSegments"/> GSM-7 segments: a longer menu is split into pages, each
/// but the last ending in "98 More" (the USSD key and words). Options keep their numbers on every page,
/// so a number read on any page still picks that option. An answer (a service's requirements) longer
/// than that is split between sentences, or words, into at most <see cref="MaxAnswerPages"/> pages. A
/// menu's own text is never split: <see cref="SmsContentCheck"/> renders every node and answer this way
/// at start-up and reports any message over the limit.
/// </summary>
internal sealed class SmsMenuRenderer(ContentBundle content)
{
    /// <summary>One segment is the aim; two the most a citizen is sent for one message.</summary>
    public const int MaxSegments = 2;
    public const string MoreInput = "98";
    /// <summary>An answer a citizen asked for may take a "98 More", not two (as on USSD).</summary>
    public const int MaxAnswerPages = 2;

    public IReadOnlyList<string> Pages(Reply reply)
    {
        var head = string.Join("\n", (reply.Notice is { Length: > 0 } notice ? [notice] : Array.Empty<string>()).Concat(reply.Lines)
            .Where(l => l.Length > 0));
        var options = reply.Options.Select(o => $"{o.Key} {o.Label}").ToArray();
        var back = reply.CanGoBack ? content.Prompt(PromptKeys.NavBack, reply.Language) : null;
        var more = content.Prompt(PromptKeys.NavMore, reply.Language);

        string Page(string? top, ArraySegment<string> lines, bool hasMore) =>
            string.Join("\n", new[] { top }.Concat(lines).Append(hasMore ? more : null).Append(back).Where(l => !string.IsNullOrEmpty(l)));

        var whole = Page(head, options, false);
        if (Fits(whole)) return [whole];
        if (options.Length == 0) return TextPages(head, back, more);
        if (options.Length == 1) return [whole];

        // Greedy: each page takes options while they fit beside "98 More"; the text heads the first page only.
        var pages = new List<string>();
        string? top = head;
        for (var start = 0; start < options.Length;)
        {
            var rest = Page(top, options.AsSpan(start).ToArray(), false);
            if (Fits(rest)) { pages.Add(rest); break; }
            var end = start + 1;     // at least one option a page, even if it alone is too long: the content check reports that
            while (end < options.Length && Fits(Page(top, new ArraySegment<string>(options, start, end + 1 - start), true))) end++;
            pages.Add(Page(top, new ArraySegment<string>(options, start, end - start), true));
            start = end;
            top = null;
        }
        return pages;
    }

    /// <summary>A long answer in pages: whole sentences where they fit, else words; "98 More" under all but the last.</summary>
    private static List<string> TextPages(string text, string? back, string more)
    {
        var footer = string.Join("\n", new[] { more, back }.OfType<string>());
        var lastFooter = back is null ? "" : "\n" + back;
        var pieces = System.Text.RegularExpressions.Regex.Split(text, @"(?<=[.:;!?])\s+")
            .SelectMany(s => Fits($"{s}\n{footer}") ? [s] : s.Split(' ')).ToList();
        var pages = new List<string>();
        var page = "";
        for (var i = 0; i < pieces.Count; i++)
        {
            var candidate = page.Length == 0 ? pieces[i] : $"{page} {pieces[i]}";
            var rest = string.Join(" ", pieces.Skip(i + 1));
            // The last page needs no "98 More": take everything left if it fits so.
            if (page.Length > 0 && !Fits($"{candidate}\n{footer}") && !(rest.Length == 0 && Fits(candidate + lastFooter)))
            {
                pages.Add($"{page}\n{more}");
                candidate = pieces[i];
            }
            page = candidate;
        }
        pages.Add(page + lastFooter);
        // Back is offered on every page: it leaves the answer.
        for (var i = 0; i < pages.Count - 1; i++) pages[i] = back is null ? pages[i] : $"{pages[i]}\n{back}";
        return pages;
    }

    public static bool Fits(string text) => SmsSize.Of(text).Segments <= MaxSegments;
}
