using CsCheck;
using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Tests;

public sealed class Gsm7Tests
{
    [Theory]
    [InlineData("Wanjik\u0169 Ng\u0169g\u0129", "Wanjiku Ngugi")]                 // Gikuyu ũ ĩ
    [InlineData("\u0168\u0128 \u0169\u0129", "UI ui")]
    [InlineData("Wanjiku\u2019s \u2018card\u2019 \u201Cready\u201D", "Wanjiku's 'card' \"ready\"")]
    [InlineData("9\u20135 \u2014 Mon\u2026Fri", "9-5 - Mon...Fri")]
    [InlineData("Nairobi\u00A0GPO", "Nairobi GPO")]
    [InlineData("Fran\u00E7ois \u00E2\u00EA\u00EB\u00EF\u00EE\u00F4\u00FB\u00E1\u00ED\u00F3\u00FA", "Francois aeeiiouaiou")]
    [InlineData("Ren\u00E9e \u00E8\u00F9\u00EC\u00F2 \u00C7\u00C4\u00D6\u00D1\u00DC\u00DF\u00E0\u00E4\u00F6\u00F1\u00FC\u00E5\u00E6\u00F8", "Ren\u00E9e \u00E8\u00F9\u00EC\u00F2 \u00C7\u00C4\u00D6\u00D1\u00DC\u00DF\u00E0\u00E4\u00F6\u00F1\u00FC\u00E5\u00E6\u00F8")] // GSM-7 has these: kept
    [InlineData("\u00C8\u00CC\u00D2\u00D9\u00C0 \u0141\u00F3d\u017A \u014Bo\u0153", "EIOUA Lodz nooe")]
    [InlineData("i\u0303 combining", "i combining")]                                // a decomposed ĩ loses its mark
    [InlineData("Amina \U0001F600 \u4E2D", "Amina ? ?")]                             // nothing like it: one '?' a character
    [InlineData("tab\there `tick`", "tab here 'tick'")]
    public void Text_becomes_gsm7_with_look_alikes_for_what_gsm7_lacks(string text, string expected)
    {
        Assert.Equal(expected, Gsm7.ToGsm7(text));
        Assert.True(Gsm7.CanEncode(Gsm7.ToGsm7(text)));
    }

    [Fact]
    public void Text_already_in_gsm7_is_returned_as_it_is()
    {
        const string text = "Achieng Ouma: your National ID is READY {KSh 100} \u20AC";
        Assert.Same(text, Gsm7.ToGsm7(text));
        Assert.Same(text, Gsm7.Sanitize(text));
    }

    [Fact]
    public void Sms_clean_up_replaces_look_alikes_and_keeps_what_has_none()
    {
        // An SMS may still go as UCS-2 (at a cost) rather than lose a character nothing stands for.
        Assert.Equal("Wanjiku's ID \u4E2D", Gsm7.Sanitize("Wanjik\u0169\u2019s ID \u4E2D"));
    }

    [Fact]
    public void Any_text_becomes_gsm7_and_never_grows_past_three_characters_for_one()
    {
        Gen.String[Gen.Char, 0, 200].Sample(text =>
        {
            var clean = Gsm7.ToGsm7(text);
            Assert.True(Gsm7.CanEncode(clean), $"not GSM-7: {string.Join(" ", Gsm7.Offending(clean).Select(c => $"U+{(int)c:X4}"))}");
            Assert.True(clean.Length <= 3 * text.Length);
        });
    }

    [Fact]
    public void Gsm7_text_is_never_changed()
    {
        Gen.String[Gen.Char["@\u00A3$\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\n\r\u0394_ !\"#%&'()*+,-./09:;<=>?\u00A1AZ\u00C4az\u00E0^{}\\[~]|\u20AC"], 0, 200].Sample(text =>
            Assert.Equal(text, Gsm7.ToGsm7(text)));
    }

    [Fact]
    public void The_two_step_scan_agrees_with_the_alphabet_character_by_character()
    {
        // ASCII first, then the rest of the alphabet: the result must be what each character says.
        var chars = Gen.OneOf(Gen.Char["abcXYZ 019`{}\f\t\n"], Gen.Char["\u00A3\u00E9\u0394\u20AC\u00E2\u2019\u0169"], Gen.Char);
        Gen.String[chars, 0, 100].Sample(text =>
            Assert.Equal(!Gsm7.Offending(text).Any(), Gsm7.CanEncode(text)));
    }
}
