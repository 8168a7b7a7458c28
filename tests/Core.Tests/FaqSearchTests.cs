using Huduma.Contact.Core.Content;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

public sealed class FaqSearchTests
{
    private readonly FaqSearch _search = new(ShippedContent.Load());

    [Theory]
    [InlineData("what do i bring to collect my document", "what-to-bring", Language.En)]
    [InlineData("wat shud I bring to colect my documnt", "what-to-bring", Language.En)]   // typos
    [InlineData("how can I stop the sms reminders?", "stop-sms", Language.En)]
    [InlineData("when are the centres open", "hours", Language.En)]
    [InlineData("court services", "judiciary", Language.En)]
    [InlineData("how do I change language", "language", Language.En)]
    [InlineData("nilete nini kuchukua hati", "what-to-bring", Language.Sw)]
    [InlineData("nitabadilishaje lugha", "language", Language.Sw)]
    [InlineData("huduma za mahakama", "judiciary", Language.Sw)]
    [InlineData("vituo vya huduma hufunguliwa lini", "hours", Language.Sw)]
    [InlineData("nitasimamishaje jumbe za ukumbusho", "stop-sms", Language.Sw)]
    [InlineData("nitasimamisaje jumbe za ukumbuso", "stop-sms", Language.Sw)]            // typos
    public void A_question_finds_its_faq_in_either_language_despite_typos(string question, string faq, Language language)
    {
        var match = _search.Find(question);
        Assert.NotNull(match);
        Assert.Equal((faq, language), (match.Faq.Id, match.Language));
        Assert.InRange(match.Score, FaqSearch.Threshold, 1);
    }

    [Theory]
    [InlineData("what is the price of maize in Eldoret")]
    [InlineData("bei ya unga leo")]
    [InlineData("asdfgh qwerty")]
    [InlineData("hello")]
    [InlineData("")]
    public void Anything_else_falls_below_the_threshold_instead_of_a_guess(string question) => Assert.Null(_search.Find(question));

    [Theory]
    [InlineData("collect", "colect", true)]
    [InlineData("bring", "brnig", true)]
    [InlineData("documents", "document", true)]
    [InlineData("stop", "shop", false)]   // short words must match exactly
    [InlineData("court", "count", true)]
    [InlineData("lugha", "lugga", true)]
    public void Words_are_alike_when_equal_sharing_a_stem_or_one_typo_apart(string a, string b, bool alike) =>
        Assert.Equal(alike, FaqSearch.Like(a, b));
}
