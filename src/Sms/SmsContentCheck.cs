using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Actions;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.Sms.Menus;

namespace Huduma.Contact.Sms;

/// <summary>
/// SMS's rules on content: every keyword names a known command (for status, a known document; for menu, a
/// node the home menu leads to), has words in both languages, and no word of one command is within a
/// forgiven typo of another command's word — else a slip of the thumb could do the wrong thing. And every
/// menu node and answer, rendered as SMS in both languages (<see cref="SmsMenuRenderer"/>), fits
/// <see cref="SmsMenuRenderer.MaxSegments"/> GSM-7 segments a message: long menus in pages, the answers sent
/// whole (<see cref="SmsAnswers"/>) as they are sent.
/// </summary>
internal sealed class SmsContentCheck : IContentCheck
{
    public static readonly string[] Commands = ["status", "help", "centre", "agent", "stop", "start", "menu"];

    public IEnumerable<ContentError> Check(ContentBundle content)
    {
        foreach (var error in CheckReplies(content)) yield return error;
        foreach (var error in CheckMenus(content)) yield return error;

        foreach (var k in content.SmsKeywords)
        {
            if (!Commands.Contains(k.Command))
                yield return new ContentError(k.Where, null, $"sms keyword: unknown command '{k.Command}' (known: {string.Join(", ", Commands)})");
            if (k.Command == "status" && content.Document(k.Document) is null)
                yield return new ContentError(k.Where, null, $"sms keyword: status needs a known document, not '{k.Document}'");
            // A menu keyword opens its node by pressing the home menu's option to it (SmsMenus.OpenAsync).
            if (k.Command == "menu" && k.Node != MenuNodes.Home && content.Nodes.GetValueOrDefault(MenuNodes.Home)?.Options?.Any(o => o.Goto == k.Node) != true)
                yield return new ContentError(k.Where, null, $"sms keyword: menu needs the node '{MenuNodes.Home}' or one its options go to, not '{k.Node}'");
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
                    ["query"] = new string('Q', SmsAnswers.QueryShownLength),
                };
                var size = SmsSize.Of(TextTemplate.Fill(prompt[language], values));
                if (size.Segments > 1)
                    yield return new ContentError(prompt.Where, key,
                        $"'{language.Code()}' SMS reply needs {size.Segments} messages ({size.Units} {(size.IsGsm7 ? "GSM-7 characters" : "UCS-2 units")}, limit one message)");
            }
        }
    }

    /// <summary>
    /// Every menu node as SMS, under the longest notice SMS may put above it, with every list it can show
    /// (the centres of each county) and its placeholders at their longest; and every answer the menus lead
    /// to: a service's requirements, an FAQ, a centre, a status at the longest centre, a call-back — each page
    /// as sent. The answers SMS also sends whole, unpaged (an FAQ to a question in words, a status to a
    /// keyword: <see cref="SmsAnswers"/>), are counted whole: each message sent fits two segments.
    /// </summary>
    private static IEnumerable<ContentError> CheckMenus(ContentBundle content)
    {
        var renderer = new SmsMenuRenderer(content);
        var centres = new FindCentreAction(content);
        var services = new ServiceDetailAction(content);
        foreach (var language in Languages.All)
        {
            var code = language.Code();
            IEnumerable<ContentError> Check(Reply reply, string where, string? key, string what)
            {
                var pages = renderer.Pages(reply);
                if (reply.Options.Count == 0 && pages.Count > SmsMenuRenderer.MaxAnswerPages)
                    yield return new ContentError(where, key, $"'{code}' SMS of {what} needs {pages.Count} pages (limit {SmsMenuRenderer.MaxAnswerPages})");
                foreach (var (page, i) in pages.Select((p, i) => (p, i)))
                {
                    var size = SmsSize.Of(page);
                    if (size.Segments > SmsMenuRenderer.MaxSegments)
                        yield return new ContentError(where, key,
                            $"'{code}' SMS of {what}{(i > 0 ? $" (page {i + 1})" : "")} needs {size.Segments} messages ({size.Units} {(size.IsGsm7 ? "GSM-7 characters" : "UCS-2 units")}, limit {SmsMenuRenderer.MaxSegments})");
                }
            }
            // A reply sent whole (SmsAnswers: not paged, so no "98 More" to the rest) must fit as it is.
            IEnumerable<ContentError> CheckWhole(string text, string where, string? key, string what)
            {
                var size = SmsSize.Of(text);
                if (size.Segments > SmsMenuRenderer.MaxSegments)
                    yield return new ContentError(where, key,
                        $"'{code}' SMS of {what}, sent as one message, needs {size.Segments} messages ({size.Units} {(size.IsGsm7 ? "GSM-7 characters" : "UCS-2 units")}, limit {SmsMenuRenderer.MaxSegments})");
            }
            string Longest(IEnumerable<string?> texts) => texts.OfType<string>().DefaultIfEmpty("").MaxBy(t => SmsSize.Of(t).Units)!;
            var hint = Longest(content.Documents.Select(d => d.Hint?[language]));
            var notice = Longest(new[] { PromptKeys.SmsOfferAgent, PromptKeys.SmsNotUnderstood, PromptKeys.ErrorChoice, PromptKeys.ErrorReference,
                    PromptKeys.StatusReferenceRetry, PromptKeys.LanguageSet }.Select(k => content.Prompts.ContainsKey(k) ? content.Prompt(k, language) : null)
                .Append(content.Prompts.ContainsKey(PromptKeys.ErrorNumber) ? content.Prompt(PromptKeys.ErrorNumber, language, ("hint", hint)) : null));

            foreach (var node in content.NodeList.Where(n => n.Text is not null))
            {
                var text = WorstCaseText.Fill(node.Text![language], content, language);
                foreach (var choices in ListContexts(node, content, language))
                {
                    IReadOnlyList<string> labels = node.Options?.Select(o => o.Label?[language] ?? "").ToList()
                        ?? (node.List is { } list ? content.ListItems(list, language, choices).Select(i => i.Label).ToList() : []);
                    var reply = new Reply([text], labels.Select((l, i) => new ReplyOption($"{i + 1}", l)).ToList(), language, CanGoBack: true, Notice: notice);
                    var context = choices.Count == 0 ? "" : $" for {string.Join(", ", choices.Select(c => $"{c.Key} '{c.Value}'"))}";
                    foreach (var error in Check(reply, node.Text.Where, node.Id, $"node '{node.Id}'{context}")) yield return error;
                }
            }

            Reply Answer(IEnumerable<string> lines) => new([.. lines], [], language, CanGoBack: true);
            foreach (var service in content.Services)
                foreach (var error in Check(Answer(services.Describe(service, language)), service.Where, null, $"service '{service.Id}'")) yield return error;
            foreach (var centre in content.Centres)
                foreach (var error in Check(Answer(centres.Describe(centre, language)), centre.Where, null, $"centre '{centre.Id}'")) yield return error;
            foreach (var faq in content.Faqs)
            {
                string[] lines = faq.Verified ? [faq.Answer?[language] ?? ""] : [faq.Answer?[language] ?? "", content.Prompt(PromptKeys.Unconfirmed, language)];
                foreach (var error in Check(Answer(lines), faq.Where, null, $"faq '{faq.Id}'")) yield return error;
                // The same answer to a question in words goes out whole.
                foreach (var error in CheckWhole(SmsAnswers.Faq(content, faq, language), faq.Where, null, $"faq '{faq.Id}' answered to a question in words"))
                    yield return error;
            }
            if (content.Prompts.TryGetValue(PromptKeys.CallbackDone, out var callback))
                foreach (var error in Check(Answer([content.Prompt(PromptKeys.CallbackDone, language, ("reference", "HK000000"))]), callback.Where, PromptKeys.CallbackDone, "the call-back answer"))
                    yield return error;
            var longestCentre = content.Centres.MaxBy(c => SmsSize.Of($"{c.Name}{c.Location?[language]}{c.Hours?[language]}").Units);
            if (longestCentre is null) continue;
            foreach (var document in content.Documents)
                foreach (var status in Enum.GetValues<DocumentStatus>())
                {
                    var sample = new RegisteredDocument
                    {
                        Type = document.Id, Number = new string('9', 12), HolderName = new string('N', 30), Phones = [],
                        CentreId = longestCentre.Id, Status = status, WaitingCardRef = "X", CollectedOn = new DateOnly(2026, 12, 31),
                    };
                    var lines = StatusAnswer.Describe(content, sample, language);
                    var what = $"status answer ({status}) for '{document.Id}' at the longest centre";
                    foreach (var error in Check(Answer(lines), document.Where, null, what)) yield return error;
                    // The same answer to a keyword (ID 12345678) or a question in words goes out whole.
                    foreach (var error in CheckWhole(SmsAnswers.Status(lines), document.Where, null, $"{what} to a keyword")) yield return error;
                }
        }
    }

    /// <summary>The choices a list node's items depend on, one set per possible value (each county for its centres); one empty set otherwise.</summary>
    private static IEnumerable<IReadOnlyDictionary<string, string>> ListContexts(MenuNode node, ContentBundle content, Language language)
    {
        if (node.List is not { } list || !ContentBundle.ListDependsOnChoices(list))
        {
            yield return new Dictionary<string, string>();
            yield break;
        }
        foreach (var name in ContentBundle.ListChoices(list))
            if (content.SourceOfVariable(name) is { } source)
                foreach (var item in content.ListItems(source, language, new Dictionary<string, string>()))
                    yield return new Dictionary<string, string> { [name] = item.Id };
    }

    private static bool Close(string a, string b)
    {
        var (x, y) = (a.Split(' '), b.Split(' '));
        return x.Length == y.Length && x.Zip(y).All(p => SmsKeywordParser.Close(p.First, p.Second));
    }
}
