using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Ussd.Tests;

public sealed class UssdContentCheckTests
{
    private readonly ContentBundle _content = ShippedContent.Load();

    [Fact]
    public void Every_shipped_screen_fits_182_characters_in_both_languages()
    {
        var errors = new UssdContentCheck().Check(_content).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Every_screen_of_every_list_and_detail_fits_in_both_languages()
    {
        // Beyond the start-up check: render every list and every detail through the real renderer.
        var renderer = new UssdScreenRenderer(_content);
        foreach (var language in Languages.All)
            foreach (var node in _content.NodeList.Where(n => n.List is not null))
            {
                var vars = new Dictionary<string, string>();
                var counties = node.List == "centres" ? _content.Counties.Select(c => c.Code.ToString()) : [""];
                foreach (var county in counties)
                {
                    vars["county"] = county;
                    var items = _content.ListItems(node.List!, language, vars);
                    var reply = new Reply([node.Text![language]], items.Select((i, n) => new ReplyOption($"{n + 1}", i.Label)).ToList(), language, CanGoBack: true);
                    Assert.All(renderer.Pages(reply), p => Assert.True(UssdScreenRenderer.Length(p) <= 182, p));
                }
            }
    }

    [Fact]
    public void A_menu_too_long_for_one_screen_is_reported_with_its_node()
    {
        var check = new UssdContentCheck(maxLength: 60);
        var errors = check.Check(_content).ToList();
        Assert.Contains(errors, e => e.Node == "main" && e.Message.Contains("limit 60") && e.Where.StartsWith("content/menus.yaml:"));
    }

    [Fact]
    public void The_reference_question_under_its_mismatch_notice_must_fit_one_screen()
    {
        // The shipped prompt fits (above); a retry notice long enough to push the question onto a second
        // page is reported against the question's node.
        var prompts = _content.Prompts.ToDictionary(p => p.Key, p => p.Value);
        prompts[PromptKeys.StatusReferenceRetry] = new LocalizedText { En = new string('x', 80), Sw = "Hazilingani." };
        var bundle = new ContentBundle(_content.NodeList, prompts, _content.Documents, _content.Counties, _content.Centres,
            _content.Services, _content.Faqs, _content.SmsKeywords);
        var error = Assert.Single(new UssdContentCheck().Check(bundle));
        Assert.Equal("status.reference", error.Node);
        Assert.Contains(PromptKeys.StatusReferenceRetry, error.Message);
        Assert.StartsWith("'en'", error.Message);
    }
}
