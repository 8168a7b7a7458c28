using CsCheck;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Ussd.Tests;

public sealed class UssdScreenRendererTests
{
    private readonly ContentBundle _content = ShippedContent.Load();
    private UssdScreenRenderer Renderer => new(_content);

    private static Reply Menu(int options, int labelLength = 20, bool back = true) =>
        new(["Choose one"], Enumerable.Range(1, options).Select(i => new ReplyOption($"{i}", new string('a', labelLength))).ToList(),
            Language.En, CanGoBack: back);

    [Fact]
    public void A_screen_is_measured_in_septets_where_each_gsm7_extension_character_takes_two()
    {
        Assert.Equal(0, UssdScreenRenderer.Length(""));
        Assert.Equal(13, UssdScreenRenderer.Length("KSh 1,000 €5"));   // 12 characters, € an extension one
        Gen.String[Gen.Char["ab {}[]~^|\\€\f\n"], 0, 300].Sample(text =>
            Assert.Equal(text.Length + text.Count(c => "^{}\\[~]|€\f".Contains(c)), UssdScreenRenderer.Length(text)));
    }

    [Fact]
    public void A_short_menu_is_one_screen_with_back_and_home()
    {
        var pages = Renderer.Pages(Menu(3));
        var page = Assert.Single(pages);
        Assert.EndsWith("0 Back 00 Home", page);
        Assert.Contains("1. aaaa", page);
        Assert.DoesNotContain("98", page);
    }

    [Fact]
    public void The_home_menu_shows_no_back_navigation()
    {
        var page = Assert.Single(Renderer.Pages(Menu(3, back: false)));
        Assert.DoesNotContain("0 Back", page);
    }

    [Fact]
    public void A_long_list_pages_with_98_more_and_keeps_its_numbers()
    {
        var pages = Renderer.Pages(Menu(47, 12));
        Assert.True(pages.Count > 1);
        Assert.All(pages.SkipLast(1), p => Assert.Contains("98 More", p));
        Assert.DoesNotContain("98 More", pages[^1]);
        Assert.Contains("47. ", pages[^1]);
        Assert.StartsWith("Choose one", pages[0]);
    }

    [Fact]
    public void Kiswahili_screens_use_kiswahili_navigation()
    {
        var reply = Menu(47, 12) with { Language = Language.Sw };
        var pages = Renderer.Pages(reply);
        Assert.Contains("98 Zaidi", pages[0]);
        Assert.Contains("0 Rudi 00 Mwanzo", pages[0]);
    }

    [Fact]
    public void Every_page_fits_182_characters_and_every_option_appears_exactly_once()
    {
        Gen.Select(Gen.Int[0, 80], Gen.Int[1, 200], Gen.String[Gen.Char["abcdefgh "], 0, 400], Gen.Bool, Gen.Bool)
            .Sample((count, labelLength, text, back, ends) =>
            {
                var reply = new Reply([text], Enumerable.Range(1, count).Select(i => new ReplyOption($"{i}", $"item{i} " + new string('x', labelLength))).ToList(),
                    Language.En, ends, back);
                var pages = Renderer.Pages(reply);
                Assert.All(pages, p => Assert.True(UssdScreenRenderer.Length(p) <= 182, $"{UssdScreenRenderer.Length(p)}: {p}"));
                var all = string.Join("\n", pages);
                for (var i = 1; i <= count; i++)
                    Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, $"(^|\n){i}\\. item{i}(\\s|$)"));
            }, iter: 300);
    }

    [Fact]
    public void A_long_text_is_wrapped_at_spaces_and_keeps_every_word_in_order()
    {
        // '{', '}' and '€' take two septets each: the wrapping counts what the network counts.
        Gen.String[Gen.Char["abcdefgh{}€  "], 0, 900].Sample(text =>
        {
            var pages = Renderer.Pages(new Reply([text], [], Language.En, Ends: true));
            Assert.All(pages, p => Assert.True(UssdScreenRenderer.Length(p) <= 182, $"{UssdScreenRenderer.Length(p)}: {p}"));
            Assert.All(pages.SkipLast(1), p => Assert.EndsWith("\n98 More", p));
            var shown = string.Join(" ", pages.Select(p => p.EndsWith("\n98 More") ? p[..^"\n98 More".Length] : p));
            string[] Words(string t) => t.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Words(text), Words(shown));
        }, iter: 500);
    }

    [Fact]
    public void A_notice_goes_first_on_the_first_page()
    {
        var page = Renderer.Pages(Menu(2) with { Notice = "Invalid choice. Try again." })[0];
        Assert.StartsWith("Invalid choice. Try again.\nChoose one", page);
    }
}
