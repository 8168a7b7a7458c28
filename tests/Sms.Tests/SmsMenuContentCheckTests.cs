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

    private static ContentBundle With(IReadOnlyList<MenuNode>? nodes = null, IReadOnlyList<Service>? services = null) =>
        new(nodes ?? Shipped.NodeList, Shipped.Prompts, Shipped.Documents, Shipped.Counties, Shipped.Centres, services ?? Shipped.Services,
            Shipped.Faqs, Shipped.SmsKeywords);

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
