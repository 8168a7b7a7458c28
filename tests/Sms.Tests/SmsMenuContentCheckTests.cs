using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Sms.Menus;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Sms.Tests;

/// <summary>The content check's SMS rule: every menu node and answer, rendered as SMS in both languages, fits two segments a message.</summary>
public sealed class SmsMenuContentCheckTests
{
    private static readonly ContentBundle Shipped = ShippedContent.Load();

    private static ContentBundle With(IReadOnlyList<MenuNode>? nodes = null, IReadOnlyList<Service>? services = null, IReadOnlyList<Faq>? faqs = null,
        IReadOnlyDictionary<string, LocalizedText>? prompts = null) =>
        new(nodes ?? Shipped.NodeList, prompts ?? Shipped.Prompts, Shipped.Documents, Shipped.Counties, Shipped.Centres, services ?? Shipped.Services,
            faqs ?? Shipped.Faqs, Shipped.SmsKeywords);

    [Fact]
    public void An_faq_answer_that_fits_two_pages_but_not_two_segments_whole_is_reported_since_a_question_in_words_gets_it_whole()
    {
        var first = Shipped.Faqs[0];
        // About 380 GSM-7 characters: two pages of the menus, but three segments as the one message a question in words is sent.
        var wordy = string.Join(" ", Enumerable.Repeat("Bring your original documents and copies to the centre.", 7));
        var faq = new Faq
        {
            Id = first.Id, Question = first.Question, Verified = true, Listed = first.Listed, File = first.File, Line = first.Line,
            Answer = new LocalizedText { En = wordy, Sw = first.Answer!.Sw },
        };
        Assert.Equal(3, SmsSize.Of(SmsAnswers.Faq(Shipped, faq, Language.En)).Segments);
        var faqs = Shipped.Faqs.Select(f => f.Id == first.Id ? faq : f).ToList();

        var error = Assert.Single(new SmsContentCheck().Check(With(faqs: faqs)));
        Assert.Contains($"'en' SMS of faq '{first.Id}' answered to a question in words, sent as one message, needs 3 messages", error.Message);
    }

    [Fact]
    public void A_status_prompt_sms_sends_alone_is_held_to_one_message()
    {
        var prompts = Shipped.Prompts.ToDictionary();
        var limited = prompts[PromptKeys.StatusRateLimited];
        prompts[PromptKeys.StatusRateLimited] = new LocalizedText
        {
            En = string.Join(" ", Enumerable.Repeat(limited.En, 4)), Sw = limited.Sw, File = limited.File, Line = limited.Line,
        };

        var error = Assert.Single(new SmsContentCheck().Check(With(prompts: prompts)));
        Assert.Equal(PromptKeys.StatusRateLimited, error.Node);
        Assert.Contains("'en' SMS reply needs", error.Message);
    }

    [Fact]
    public void Every_shipped_menu_and_answer_fits_two_sms_segments_in_both_languages()
    {
        var errors = new SmsContentCheck().Check(Shipped).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void A_menu_whose_text_needs_three_segments_as_sms_is_reported()
    {
        var main = Shipped.Nodes[MenuNodes.Home];
        var wordy = new MenuNode
        {
            Id = main.Id, Options = main.Options, File = main.File, Line = main.Line,
            Text = new LocalizedText { En = string.Join(" ", Enumerable.Repeat("Huduma 1919 is here to help you.", 10)), Sw = main.Text!.Sw, File = main.File, Line = main.Line },
        };
        var nodes = Shipped.NodeList.Select(n => n.Id == main.Id ? wordy : n).ToList();

        var error = Assert.Single(new SmsContentCheck().Check(With(nodes)), e => e.Node == MenuNodes.Home);
        Assert.Contains("'en' SMS of node 'main'", error.Message);
        Assert.Contains("limit 2", error.Message);
        Assert.Equal(main.Where, error.Where);
    }

    [Fact]
    public void An_answer_longer_than_two_pages_is_reported()
    {
        var first = Shipped.Services[0];
        var endless = new Service
        {
            Id = first.Id, Name = first.Name, Agency = first.Agency, Verified = first.Verified, File = first.File, Line = first.Line,
            Requirements = new LocalizedText { En = first.Requirements!.En, Sw = string.Join(" ", Enumerable.Repeat(first.Requirements.Sw, 3)) },
        };
        var services = Shipped.Services.Select(s => s.Id == first.Id ? endless : s).ToList();

        var error = Assert.Single(new SmsContentCheck().Check(With(services: services)));
        Assert.Contains($"'sw' SMS of service '{first.Id}' needs ", error.Message);
        Assert.Contains("pages (limit 2)", error.Message);
    }

    [Fact]
    public void A_long_answer_is_split_into_pages_of_at_most_two_segments_with_more_and_back()
    {
        var service = Shipped.Services.MaxBy(s => s.Requirements!.Sw!.Length)!;
        var lines = new Core.Actions.ServiceDetailAction(Shipped).Describe(service, Language.Sw);
        var pages = new SmsMenuRenderer(Shipped).Pages(new Reply(lines, [], Language.Sw, CanGoBack: true));
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.True(SmsSize.Of(p).Segments <= 2, p));
        Assert.EndsWith("98 Zaidi\n0 Rudi", pages[0]);
        Assert.EndsWith("0 Rudi", pages[1]);
        // Nothing lost or doubled at the seam.
        Assert.Equal(string.Join(" ", lines), string.Join(" ", pages.Select(p => p.Replace("\n98 Zaidi", "").Replace("\n0 Rudi", ""))));
    }
}
