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

    /// <summary>The pages of a reply; each fits <see cref="MaxLength"/> and carries its own navigation.</summary>
    public IReadOnlyList<string> Pages(Reply reply)
    {
        var items = Items(reply);
        var nav = Navigation(reply);
        var more = content.Prompt(PromptKeys.NavMore, reply.Language);
        var moreFooter = nav is null ? more : $"{more}\n{nav}";

        // A line too long for any page is wrapped at spaces first.
        var budget = maxLength - Length(moreFooter) - 1;
        var lines = items.SelectMany(item => Wrap(item, budget)).ToList();

        var pages = new List<string>();
        var start = 0;
        while (start < lines.Count || pages.Count == 0)
        {
            var rest = Join(lines.Skip(start), nav);
            if (Length(rest) <= maxLength)
            {
                pages.Add(rest);
                break;
            }
            var taken = new List<string>();
            while (start < lines.Count && Length(Join(taken.Append(lines[start]), moreFooter)) <= maxLength)
                taken.Add(lines[start++]);
            pages.Add(Join(taken, moreFooter));
        }
        return pages;
    }

    /// <summary>How long the reply would be on a single screen (content validation: menus must not page).</summary>
    public int SingleScreenLength(Reply reply) => Length(Join(Items(reply), Navigation(reply)));

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

    private static string Join(IEnumerable<string> lines, string? footer) =>
        string.Join("\n", footer is null ? lines : lines.Append(footer));

    private static IEnumerable<string> Wrap(string line, int budget)
    {
        if (Length(line) <= budget) return [line];
        var chunks = new List<string>();
        var current = "";
        foreach (var word in line.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (Length(candidate) <= budget) current = candidate;
            else
            {
                if (current.Length > 0) chunks.Add(current);
                current = word;
                while (Length(current) > budget)
                {
                    chunks.Add(current[..budget]);
                    current = current[budget..];
                }
            }
        }
        if (current.Length > 0) chunks.Add(current);
        return chunks;
    }
}
