using Huduma.Contact.Core.Privacy;

namespace Huduma.Contact.Core.Tests;

public sealed class PrivacyTests
{
    [Theory]
    [InlineData("+254711000001", "+254711000001")]
    [InlineData("254711000001", "+254711000001")]
    [InlineData("0711 000 001", "+254711000001")]
    [InlineData("0110123456", "+254110123456")]
    [InlineData("12345", null)]
    [InlineData("", null)]
    [InlineData("not a phone", null)]
    public void Kenyan_numbers_are_normalised_to_E164(string raw, string? expected) =>
        Assert.Equal(expected, Msisdn.Normalize(raw));

    [Fact]
    public void Logs_see_only_the_ends_of_phone_and_document_numbers()
    {
        Assert.Equal("+254711***001", Mask.Phone("+254711000001"));
        Assert.Equal("12****78", Mask.Number("12345678"));
        Assert.DoesNotContain("3456", Mask.Number("12345678"));
    }

    [Theory]
    [InlineData("WC100001", "WC100001", true)]
    [InlineData("WC100001", "wc100001", true)]
    [InlineData("WC100001", "100001", true)]      // typed on a keypad: the digits alone
    [InlineData("WC100001", "100002", false)]
    [InlineData("WC100001", "00001", false)]      // a part is not enough
    [InlineData("WC100001", "WD100001", false)]
    [InlineData("A1B23456", "123456", false)]     // letters inside, not a prefix: the full reference only
    [InlineData(null, "100001", false)]
    public void A_waiting_card_reference_matches_in_full_or_by_its_digits_after_a_letter_prefix(string? stored, string given, bool matches) =>
        Assert.Equal(matches, Huduma.Contact.Core.Register.StatusLookup.ReferenceMatches(stored, given));
}
