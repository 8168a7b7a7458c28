namespace Huduma.Contact.Core.Content;

/// <summary>One choice in a data-driven list (a document type, a county, a centre, a service, an FAQ).</summary>
public sealed record ListItem(string Id, string Label);

/// <summary>All content, loaded and indexed. Immutable after loading; shared by every channel.</summary>
public sealed class ContentBundle
{
    public ContentBundle(IReadOnlyList<MenuNode> nodes, IReadOnlyDictionary<string, LocalizedText> prompts,
        IReadOnlyList<DocumentType> documents, IReadOnlyList<County> counties, IReadOnlyList<Centre> centres,
        IReadOnlyList<Service> services, IReadOnlyList<Faq> faqs, IReadOnlyList<SmsKeyword>? smsKeywords = null)
    {
        NodeList = nodes;
        Nodes = nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First());
        Prompts = prompts;
        Documents = documents;
        Counties = counties.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
        Centres = centres;
        Services = services;
        Faqs = faqs;
        SmsKeywords = smsKeywords ?? [];
        // Indexes for the hot path: every USSD hop names documents, centres and saved choices.
        _documents = documents.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First());
        _centres = centres.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        _services = services.GroupBy(x => x.Id).ToDictionary(g => g.Key, g => g.First());
        _counties = counties.GroupBy(c => c.Code.ToString()).ToDictionary(g => g.Key, g => g.First());
        _variableSources = nodes.Where(n => n.Save is not null && n.List is not null)
            .GroupBy(n => n.Save!).ToDictionary(g => g.Key, g => g.First().List!);
    }

    private readonly Dictionary<string, DocumentType> _documents;
    private readonly Dictionary<string, Centre> _centres;
    private readonly Dictionary<string, Service> _services;
    private readonly Dictionary<string, County> _counties;
    private readonly Dictionary<string, string> _variableSources;

    public IReadOnlyList<MenuNode> NodeList { get; }
    public IReadOnlyDictionary<string, MenuNode> Nodes { get; }
    public IReadOnlyDictionary<string, LocalizedText> Prompts { get; }
    public IReadOnlyList<DocumentType> Documents { get; }
    /// <summary>Counties in alphabetical order, as a citizen scans a list.</summary>
    public IReadOnlyList<County> Counties { get; }
    public IReadOnlyList<Centre> Centres { get; }
    public IReadOnlyList<Service> Services { get; }
    public IReadOnlyList<Faq> Faqs { get; }
    public IReadOnlyList<SmsKeyword> SmsKeywords { get; }

    public DocumentType? Document(string? id) => id is null ? null : _documents.GetValueOrDefault(id);
    public Centre? Centre(string? id) => id is null ? null : _centres.GetValueOrDefault(id);
    public Service? Service(string? id) => id is null ? null : _services.GetValueOrDefault(id);
    public County? County(string? code) => code is null ? null : _counties.GetValueOrDefault(code);

    /// <summary>A prompt from prompts.yaml with its {placeholders} filled.</summary>
    public string Prompt(string key, Language language, IReadOnlyDictionary<string, string?>? values = null)
    {
        var text = Prompts.TryGetValue(key, out var t) ? t[language] : key;
        return values is null ? text : TextTemplate.Fill(text, values);
    }

    public string Prompt(string key, Language language, params (string Name, string? Value)[] values) =>
        Prompt(key, language, values.ToDictionary(v => v.Name, v => v.Value));

    /// <summary>
    /// The key a citizen presses at a menu node to go to a target node. Code asks only about ids that content
    /// validation checked at start-up (<see cref="CodeNamedContent"/>), so a miss is a bug: it throws rather
    /// than press a wrong key.
    /// </summary>
    public string OptionKey(string nodeId, string target)
    {
        var index = (Nodes.GetValueOrDefault(nodeId)?.Options ?? []).FindIndex(o => o.Goto == target);
        return index >= 0 ? (index + 1).ToString() : throw new InvalidOperationException(
            $"content/menus.yaml node '{nodeId}' has no option going to '{target}', which the code needs (content validation should have refused this content)");
    }

    /// <summary>The session variables a list's items depend on (the county whose centres it lists).</summary>
    public static IReadOnlyList<string> ListChoices(string source) => source == ListSources.Centres ? CentresChoices : [];
    private static readonly string[] CentresChoices = [SavedVariables.County];

    /// <summary>Whether a list's items depend on what the conversation chose before (centres: the county).</summary>
    public static bool ListDependsOnChoices(string source) => ListChoices(source).Count > 0;

    /// <summary>
    /// The items a list node offers, given what the conversation chose so far. Lists that do not depend
    /// on earlier choices are built once per language (the content never changes once loaded) and shared:
    /// a menu hop chooses from one on every hop.
    /// </summary>
    public IReadOnlyList<ListItem> ListItems(string source, Language language, IReadOnlyDictionary<string, string> vars) =>
        ListDependsOnChoices(source)
            ? BuildListItems(source, language, vars)
            : _lists.GetOrAdd((source, language), static (key, bundle) => bundle.BuildListItems(key.Source, key.Language, NoChoices), this);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Source, Language Language), IReadOnlyList<ListItem>> _lists = new();
    private static readonly IReadOnlyDictionary<string, string> NoChoices = new Dictionary<string, string>();

    private IReadOnlyList<ListItem> BuildListItems(string source, Language language, IReadOnlyDictionary<string, string> vars) =>
        source switch
        {
            ListSources.Documents => Documents.Select(d => new ListItem(d.Id, d.Name?[language] ?? d.Id)).ToList(),
            ListSources.Counties => Counties.Select(c => new ListItem(c.Code.ToString(), c.Name)).ToList(),
            ListSources.Centres => Centres
                .Where(c => !vars.TryGetValue(SavedVariables.County, out var county) || c.County.ToString() == county)
                .Select(c => new ListItem(c.Id, c.Name)).ToList(),
            ListSources.Services => Services.Select(s => new ListItem(s.Id, s.Name?[language] ?? s.Id)).ToList(),
            ListSources.Faqs => Faqs.Where(f => f.Listed).Select(f => new ListItem(f.Id, f.Question?[language] ?? f.Id)).ToList(),
            _ => [],
        };

    /// <summary>How an item chosen from a list is named in a text (e.g. {documentType} → "National ID").</summary>
    public string? DisplayName(string source, string id, Language language) => source switch
    {
        ListSources.Documents => Document(id)?.Name?[language],
        ListSources.Counties => County(id)?.Name,
        ListSources.Centres => Centre(id)?.Name,
        ListSources.Services => Service(id)?.Name?[language],
        ListSources.Faqs => Faqs.FirstOrDefault(f => f.Id == id)?.Question?[language],
        _ => null,
    };

    /// <summary>The list a session variable is filled from, found through the node that saves it.</summary>
    public string? SourceOfVariable(string variable) => _variableSources.GetValueOrDefault(variable);
}
