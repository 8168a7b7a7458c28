using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Content;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Sms.Tests;

public sealed class SmsSizeTests
{
    [Theory]
    [InlineData(160, true, 1)]
    [InlineData(161, true, 2)]
    [InlineData(306, true, 2)]
    [InlineData(307, true, 3)]
    public void Gsm7_text_is_160_in_one_and_153_a_segment(int length, bool gsm7, int segments)
    {
        var size = SmsSize.Of(new string('a', length));
        Assert.Equal(gsm7, size.IsGsm7);
        Assert.Equal(segments, size.Segments);
    }

    [Fact]
    public void Extension_characters_count_twice()
    {
        Assert.Equal(1, SmsSize.Of(new string('a', 158) + "{").Segments);
        Assert.Equal(2, SmsSize.Of(new string('a', 159) + "{").Segments);
    }

    [Fact]
    public void One_curly_quote_turns_the_message_into_ucs2()
    {
        var text = new string('a', 100) + "\u2019";
        var size = SmsSize.Of(text);
        Assert.False(size.IsGsm7);
        Assert.Equal(2, size.Segments);      // 101 units: over 70, two segments of 67
        Assert.Equal(1, SmsSize.Of(new string('a', 69) + "\u2019").Segments);
    }

    [Fact]
    public void An_emoji_outside_the_bmp_takes_two_units()
    {
        Assert.Equal(2, SmsSize.Of("\U0001F600").Units);
        Assert.Equal(2, SmsSize.Of(new string('a', 69) + "\U0001F600").Segments);
    }

    [Fact]
    public void The_shipped_sms_keywords_are_valid_and_unambiguous()
    {
        var errors = new SmsContentCheck().Check(ShippedContent.Load()).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Two_commands_one_typo_apart_are_reported()
    {
        var content = ShippedContent.Load();
        var confusing = new SmsKeyword { Command = "help", En = ["AGENTS"], Sw = ["MSAADA"], File = "content/sms.yaml", Line = 99 };
        var bundle = new ContentBundle(content.NodeList, content.Prompts, content.Documents, content.Counties, content.Centres,
            content.Services, content.Faqs, [.. content.SmsKeywords, confusing]);
        var error = Assert.Single(new SmsContentCheck().Check(bundle), e => e.Message.Contains("AGENTS"));
        Assert.Equal("content/sms.yaml:99", error.Where);
    }
}
