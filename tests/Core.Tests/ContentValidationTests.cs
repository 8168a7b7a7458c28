using Huduma.Contact.Core.Actions;
using Huduma.Contact.Core.Content;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

public sealed class ContentValidationTests
{
    private static readonly HashSet<string> Actions = ["set-language", "status-lookup", "find-centre", "service-detail", "faq-answer", "request-callback"];
    private static readonly Dictionary<string, IReadOnlyList<string>> Targets = new()
    {
        ["set-language"] = [MenuNodes.Home], ["status-lookup"] = [MenuNodes.StatusReference],
    };

    private static IReadOnlyList<ContentError> Validate(ContentBundle content) => ContentValidator.Validate(content, Actions, Targets, []);

    /// <summary>A copy of the shipped content with one file edited.</summary>
    private static string Edited(string file, Func<string, string> edit)
    {
        var dir = Directory.CreateTempSubdirectory("huduma-content-").FullName;
        foreach (var f in Directory.GetFiles(ShippedContent.Directory)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var path = Path.Combine(dir, file);
        var text = File.ReadAllText(path);
        var edited = edit(text);
        Assert.NotEqual(text, edited);
        File.WriteAllText(path, edited);
        return dir;
    }

    private static int LineOf(string dir, string file, string text) =>
        File.ReadAllLines(Path.Combine(dir, file)).Select((l, i) => (l, i)).First(x => x.l.Contains(text)).i + 1;

    [Fact]
    public void The_shipped_content_is_valid()
    {
        var errors = Validate(ShippedContent.Load());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Every_county_has_a_centre_and_every_seed_centre_is_there()
    {
        var content = ShippedContent.Load();
        Assert.Equal(47, content.Counties.Select(c => c.Code).Distinct().Count());
        foreach (var name in new[] { "GPO", "City Square", "Makadara", "Kibra", "Eastleigh", "Kiambu", "Meru", "Kisumu", "Machakos", "Makutano" })
            Assert.Contains(content.Centres, c => c.Name.Contains(name) || (c.Location?.En ?? "").Contains(name));
    }

    [Fact]
    public void Facts_the_seeds_do_not_state_are_marked_unverified()
    {
        var content = ShippedContent.Load();
        // Opening hours and requirements appear in none of the seed articles.
        Assert.All(content.Centres, c => Assert.False(c.Verified, $"{c.Where} centre '{c.Id}' claims verified hours"));
        Assert.All(content.Services, s => Assert.False(s.Verified, $"{s.Where} service '{s.Id}' claims verified requirements"));
        Assert.All(content.Documents, d => Assert.False(d.Verified, $"{d.Where} document '{d.Id}' claims verified requirements"));
    }

    [Fact]
    public void An_unknown_action_names_the_file_the_line_and_the_node()
    {
        var dir = Edited("menus.yaml", t => t.Replace("action: find-centre", "action: find-center"));
        var error = Assert.Single(Validate(ContentLoader.Load(dir)));
        // The line of the node that holds the mistake.
        Assert.Equal($"content/menus.yaml:{LineOf(dir, "menus.yaml", "id: centre.list")}", error.Where);
        Assert.Equal("centre.list", error.Node);
        Assert.Contains("unknown action 'find-center'", error.Message);
    }

    [Fact]
    public void A_missing_translation_is_an_error()
    {
        var dir = Edited("menus.yaml", t => t.Replace("{ en: \"Choose a service\", sw: \"Chagua huduma\" }", "{ en: \"Choose a service\" }"));
        var error = Assert.Single(Validate(ContentLoader.Load(dir)));
        Assert.Equal("service.list", error.Node);
        Assert.Contains("'sw' translation is missing", error.Message);
        Assert.Equal($"content/menus.yaml:{LineOf(dir, "menus.yaml", "Choose a service")}", error.Where);
    }

    [Fact]
    public void A_goto_to_a_missing_node_and_an_unreachable_node_are_errors()
    {
        var dir = Edited("menus.yaml", t => t.Replace("goto: service.list", "goto: services.list"));
        var errors = Validate(ContentLoader.Load(dir));
        Assert.Contains(errors, e => e.Node == "main" && e.Message.Contains("goto 'services.list': no such node"));
        Assert.Contains(errors, e => e.Node == "service.list" && e.Message.Contains("unreachable"));
    }

    [Fact]
    public void Renaming_the_status_node_the_chat_replays_is_an_error_naming_the_id_and_its_file()
    {
        var dir = Edited("menus.yaml", t => t.Replace("status.type", "status.document"));
        var errors = Validate(ContentLoader.Load(dir));
        var error = Assert.Single(errors, e => e.Node == "status.type");
        Assert.Equal("content/menus.yaml", error.Where);
        Assert.Contains("no such node", error.Message);
        Assert.Contains(errors, e => e.Node == "main" && e.Message.Contains("'status.type'"));
    }

    [Fact]
    public void Renaming_the_call_back_node_is_an_error_naming_the_id()
    {
        var dir = Edited("menus.yaml", t => t.Replace("callback.confirm", "callback.ask"));
        var errors = Validate(ContentLoader.Load(dir));
        Assert.Contains(errors, e => e.Node == "callback.confirm" && e.Where == "content/menus.yaml" && e.Message.Contains("no such node"));
        Assert.Contains(errors, e => e.Node == "main" && e.Message.Contains("'callback.confirm'"));
    }

    [Fact]
    public void A_home_menu_without_an_option_to_the_status_node_is_an_error()
    {
        // The node is still there (the call-back menu's "go back" reaches it), but the home menu no longer offers it.
        var dir = Edited("menus.yaml", t => t.Replace("        goto: status.type", "        goto: language")
            .Replace("        goto: main", "        goto: status.type"));
        var error = Assert.Single(Validate(ContentLoader.Load(dir)));
        Assert.Equal("main", error.Node);
        Assert.Contains("needs an option going to 'status.type'", error.Message);
    }

    [Fact]
    public void The_status_node_listing_other_than_documents_is_an_error_naming_the_list_source()
    {
        var dir = Edited("menus.yaml", t => t.Replace("list: documents", "list: services"));
        var errors = Validate(ContentLoader.Load(dir));
        Assert.Contains(errors, e => e.Node == "status.type" && e.Message.Contains("'documents'")
            && e.Where.StartsWith("content/menus.yaml:", StringComparison.Ordinal));
    }

    [Fact]
    public void Renaming_a_saved_choice_the_code_reads_is_an_error_naming_it()
    {
        var dir = Edited("menus.yaml", t => t.Replace("save: documentType", "save: document").Replace("{documentType}", "{document}"));
        var error = Assert.Single(Validate(ContentLoader.Load(dir)));
        Assert.Equal("content/menus.yaml", error.Where);
        Assert.Contains("'documentType'", error.Message);
        Assert.Contains("'documents'", error.Message);
    }

    [Fact]
    public void Removing_the_reference_node_an_action_goes_to_is_an_error_naming_it()
    {
        var dir = Edited("menus.yaml", t => t.Replace("id: status.reference", "id: status.waiting-card"));
        var errors = Validate(ContentLoader.Load(dir));
        Assert.Contains(errors, e => e.Node == "status.reference" && e.Where == "content/menus.yaml" && e.Message.Contains("no such node"));
    }

    [Fact]
    public void The_status_node_going_on_to_other_than_the_number_is_an_error()
    {
        var dir = Edited("menus.yaml", t => t.Replace("goto: status.number", "goto: centre.county"));
        var errors = Validate(ContentLoader.Load(dir));
        Assert.Contains(errors, e => e.Node == "status.type" && e.Message.Contains("'document-number'"));
    }

    [Fact]
    public void A_reference_node_saving_under_another_name_is_an_error()
    {
        var dir = Edited("menus.yaml", t => t.Replace("save: reference", "save: waitingCard"));
        var error = Assert.Single(Validate(ContentLoader.Load(dir)));
        Assert.Equal("status.reference", error.Node);
        Assert.Equal($"content/menus.yaml:{LineOf(dir, "menus.yaml", "id: status.reference")}", error.Where);
        Assert.Contains("'reference'", error.Message);
    }

    [Fact]
    public void A_language_menu_without_a_kiswahili_option_is_an_error()
    {
        var dir = Edited("menus.yaml", t => t.Replace("value: sw", "value: ki"));
        var error = Assert.Single(Validate(ContentLoader.Load(dir)));
        Assert.Equal("language", error.Node);
        Assert.Contains("'sw'", error.Message);
    }

    [Fact]
    public void A_missing_prompt_the_code_names_is_an_error_naming_the_key_and_its_file()
    {
        var dir = Edited("prompts.yaml", t => t.Replace("  language.set:", "  language.chosen:"));
        var error = Assert.Single(Validate(ContentLoader.Load(dir)), e => e.Node == "language.set");
        Assert.Equal("content/prompts.yaml", error.Where);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void A_curly_quote_that_would_force_ucs2_is_an_error()
    {
        var dir = Edited("prompts.yaml", t => t.Replace("Invalid choice. Try again.", "Invalid choice \u2013 try again."));
        var error = Assert.Single(Validate(ContentLoader.Load(dir)));
        Assert.Contains("outside GSM-7", error.Message);
        Assert.Contains("U+2013", error.Message);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_file_and_line()
    {
        var dir = Edited("centres.yaml", t => t + "\n  - id: [broken\n");
        var e = Assert.Throws<ContentException>(() => ContentLoader.Load(dir));
        Assert.StartsWith("content/centres.yaml:", Assert.Single(e.Errors).Where);
    }
}
