using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Core.Tests;

public sealed class InputKindsTests
{
    [Theory]
    // Numbers and references as citizens type them: taken as the input.
    [InlineData("WC100001", false)]
    [InlineData("wc 100 001", false)]
    [InlineData("WC-100001", false)]
    [InlineData("100001", false)]
    [InlineData("12 345 678", false)]
    [InlineData("DL 0012345", false)]
    [InlineData("ID 12345678", false)]
    [InlineData("ref: WC100001", false)]
    // Questions: no digit at all, or two words or more of letters alone.
    [InlineData("what do I need for a birth certificate", true)]
    [InlineData("nahitaji nini kwa cheti cha kuzaliwa", true)]
    [InlineData("is my ID 12345678 ready?", true)]
    [InlineData("my reference is WC100001", true)]
    [InlineData("sina kadi", true)]
    [InlineData("help", true)]
    [InlineData("WC", true)]
    [InlineData("", false)]          // nothing typed: the prompt stays
    public void Text_with_no_digit_or_several_words_is_free_text_not_a_number_or_reference(string text, bool freeText) =>
        Assert.Equal(freeText, InputKinds.IsFreeText(text));
}
