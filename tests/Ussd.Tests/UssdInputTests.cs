namespace Huduma.Contact.Ussd.Tests;

public sealed class UssdInputTests
{
    [Theory]
    [InlineData("", "", "")]
    [InlineData("", "1", "1")]
    [InlineData("1", "1*2", "2")]
    [InlineData("1*2", "1*2*12345678", "12345678")]
    [InlineData("1*2", "1*2*12*34", "12*34")]       // an input that itself holds a '*'
    [InlineData("1*2", "1*2*", "")]                 // an empty input
    [InlineData("1*2", "5", "5")]                   // a gateway that sends only the newest input
    public void The_newest_input_is_what_follows_the_consumed_text(string consumed, string text, string expected) =>
        Assert.Equal(expected, UssdHopHandler.NewInput(consumed, text));
}
