using System.Text.RegularExpressions;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Core.Content;

/// <summary>
/// Checks content like a compiler checks code: every mistake is reported with its file, line and node,
/// and the host refuses to start while any remain.
/// </summary>
internal static class ContentValidator
{
    public static IReadOnlyList<ContentError> Validate(ContentBundle content, IReadOnlySet<string> actions,
        IReadOnlyDictionary<string, IReadOnlyList<string>> actionTargets, IEnumerable<IContentCheck> channelChecks)
    {
        var errors = new List<ContentError>();
        CheckNodes(content, actions, errors);
        errors.AddRange(CodeNamedContent.Check(content));
        CheckReachability(content, actionTargets, errors);
        CheckPrompts(content, errors);
        CheckData(content, errors);
        foreach (var check in channelChecks) errors.AddRange(check.Check(content));
        return errors;
    }

    /// <summary>Validates and throws <see cref="ContentException"/> listing every error.</summary>
    public static void EnsureValid(ContentBundle content, IReadOnlySet<string> actions,
        IReadOnlyDictionary<string, IReadOnlyList<string>> actionTargets, IEnumerable<IContentCheck> channelChecks)
    {
        var errors = Validate(content, actions, actionTargets, channelChecks);
        if (errors.Count > 0) throw new ContentException(errors);
    }

    private static void CheckNodes(ContentBundle content, IReadOnlySet<string> actions, List<ContentError> errors)
    {
        foreach (var dup in content.NodeList.GroupBy(n => n.Id).Where(g => g.Count() > 1))
            errors.Add(new ContentError(dup.Skip(1).First().Where, dup.Key, "duplicate node id"));

        var savedVariables = content.NodeList.Where(n => n.Save is not null).Select(n => n.Save!).ToHashSet();
        foreach (var node in content.NodeList)
        {
            void Error(ContentItem at, string message) => errors.Add(new ContentError(at.Where, node.Id, message));

            if (string.IsNullOrWhiteSpace(node.Id)) Error(node, "node has no id");
            CheckText(node.Text, node, "text", errors);
            foreach (var name in TextsOf(node.Text).SelectMany(TextTemplate.Placeholders).Distinct())
                if (!savedVariables.Contains(name))
                    Error(node.Text!, $"placeholder '{{{name}}}' is not saved by any node");

            var kinds = new[] { node.Options is not null, node.List is not null, node.Input is not null }.Count(k => k);
            if (kinds != 1)
            {
                Error(node, "a node needs exactly one of 'options', 'list' or 'input'");
                continue;
            }
            if (node.Options is not null)
            {
                if (node.Options.Count == 0) Error(node, "menu has no options");
                foreach (var option in node.Options)
                {
                    CheckText(option.Label, node, "option label", errors);
                    CheckTarget(content, actions, node, option, option.Goto, option.Action, errors);
                }
            }
            else
            {
                if (node.List is not null && !ListSources.All.Contains(node.List))
                    Error(node, $"unknown list '{node.List}' (known: {string.Join(", ", ListSources.All)})");
                if (node.Input is not null && !InputKinds.All.Contains(node.Input))
                    Error(node, $"unknown input '{node.Input}' (known: {string.Join(", ", InputKinds.All)})");
                if (string.IsNullOrWhiteSpace(node.Save)) Error(node, "a list or input node needs 'save'");
                CheckTarget(content, actions, node, node, node.Goto, node.Action, errors);
            }
        }
    }

    private static void CheckTarget(ContentBundle content, IReadOnlySet<string> actions, MenuNode node, ContentItem at,
        string? target, string? action, List<ContentError> errors)
    {
        if ((target is null) == (action is null))
            errors.Add(new ContentError(at.Where, node.Id, "needs exactly one of 'goto' or 'action'"));
        else if (target is not null && !content.Nodes.ContainsKey(target))
            errors.Add(new ContentError(at.Where, node.Id, $"goto '{target}': no such node"));
        else if (action is not null && !actions.Contains(action))
            errors.Add(new ContentError(at.Where, node.Id,
                $"unknown action '{action}' (known: {string.Join(", ", actions.Order())})"));
    }

    private static void CheckReachability(ContentBundle content, IReadOnlyDictionary<string, IReadOnlyList<string>> actionTargets,
        List<ContentError> errors)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([MenuNodes.Language, MenuNodes.Home]);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            if (!seen.Add(id) || !content.Nodes.TryGetValue(id, out var node)) continue;
            var targets = (node.Options ?? []).Select(o => (o.Goto, o.Action)).Append((node.Goto, node.Action));
            foreach (var (target, action) in targets)
            {
                if (target is not null) queue.Enqueue(target);
                if (action is not null && actionTargets.TryGetValue(action, out var more))
                    foreach (var m in more) queue.Enqueue(m);
            }
        }
        foreach (var node in content.NodeList.Where(n => !seen.Contains(n.Id)))
            errors.Add(new ContentError(node.Where, node.Id, "unreachable: no menu or action leads here"));
    }

    private static void CheckPrompts(ContentBundle content, List<ContentError> errors)
    {
        foreach (var key in PromptKeys.Required)
            if (!content.Prompts.ContainsKey(key))
                errors.Add(new ContentError("content/prompts.yaml", key, "required prompt is missing"));
        foreach (var (key, text) in content.Prompts)
            CheckText(text, null, $"prompt '{key}'", errors);
    }

    private static void CheckData(ContentBundle content, List<ContentError> errors)
    {
        foreach (var d in content.Documents)
        {
            CheckText(d.Name, null, $"document '{d.Id}' name", errors);
            CheckText(d.Hint, null, $"document '{d.Id}' hint", errors);
            CheckText(d.Collect, null, $"document '{d.Id}' collect", errors);
            try { _ = new Regex(d.Pattern); }
            catch (ArgumentException e) { errors.Add(new ContentError(d.Where, null, $"document '{d.Id}': bad pattern: {e.Message}")); }
        }
        var counties = content.Counties.Select(c => c.Code).ToHashSet();
        foreach (var c in content.Centres)
        {
            CheckText(c.Location, null, $"centre '{c.Id}' location", errors);
            CheckText(c.Hours, null, $"centre '{c.Id}' hours", errors);
            if (!counties.Contains(c.County))
                errors.Add(new ContentError(c.Where, null, $"centre '{c.Id}': unknown county {c.County}"));
        }
        foreach (var county in content.Counties.Where(k => content.Centres.All(c => c.County != k.Code)))
            errors.Add(new ContentError(county.Where, null, $"county '{county.Name}' has no centre"));
        foreach (var s in content.Services)
        {
            CheckText(s.Name, null, $"service '{s.Id}' name", errors);
            CheckText(s.Requirements, null, $"service '{s.Id}' requirements", errors);
        }
        foreach (var f in content.Faqs)
        {
            CheckText(f.Question, null, $"faq '{f.Id}' question", errors);
            CheckText(f.Answer, null, $"faq '{f.Id}' answer", errors);
        }
        var ids = content.Centres.Select(c => (c.Id, (ContentItem)c))
            .Concat(content.Services.Select(s => (s.Id, (ContentItem)s)))
            .Concat(content.Documents.Select(d => (d.Id, (ContentItem)d)));
        foreach (var dup in ids.GroupBy(i => i.Id).Where(g => g.Count() > 1))
            errors.Add(new ContentError(dup.Last().Item2.Where, null, $"duplicate id '{dup.Key}'"));
        foreach (var dup in content.Faqs.GroupBy(f => f.Id).Where(g => g.Count() > 1))
            errors.Add(new ContentError(dup.Last().Where, null, $"duplicate faq id '{dup.Key}'"));
    }

    /// <summary>Both languages present, and every character sendable in GSM-7.</summary>
    private static void CheckText(LocalizedText? text, MenuNode? node, string what, List<ContentError> errors)
    {
        if (text is null)
        {
            errors.Add(new ContentError(node?.Where ?? "content", node?.Id, $"{what} is missing"));
            return;
        }
        foreach (var language in Languages.All)
        {
            var value = language == Language.En ? text.En : text.Sw;
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new ContentError(text.Where, node?.Id, $"{what}: '{language.Code()}' translation is missing"));
            else if (!Gsm7.CanEncode(value))
                errors.Add(new ContentError(text.Where, node?.Id,
                    $"{what}: '{language.Code()}' text has characters outside GSM-7: {string.Join(" ", Gsm7.Offending(value).Select(c => $"'{c}' (U+{(int)c:X4})"))}"));
        }
    }

    private static IEnumerable<string> TextsOf(LocalizedText? text) =>
        text is null ? [] : new[] { text.En, text.Sw }.OfType<string>();
}
