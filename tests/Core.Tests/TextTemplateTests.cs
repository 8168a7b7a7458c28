using System.Text.RegularExpressions;
using CsCheck;
using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Tests;

public sealed class TextTemplateTests
{
    private static readonly Dictionary<string, string?> Values = new() { ["a"] = "A", ["ab"] = "{b}", ["b"] = null, ["x.y-z_1"] = "XYZ" };

    [Theory]
    [InlineData("Enter the {a} number", "Enter the A number")]
    [InlineData("{a}{a} and {ab}", "AA and {b}")]
    [InlineData("{b} has no value, {c} is unknown", "{b} has no value, {c} is unknown")]
    [InlineData("{ a} {1a} {} {a", "{ a} {1a} {} {a")]
    [InlineData("{{a}} {x.y-z_1}", "{A} XYZ")]
    [InlineData("no placeholders", "no placeholders")]
    public void Fills_known_names_and_leaves_the_rest(string text, string expected) =>
        Assert.Equal(expected, TextTemplate.Fill(text, Values));

    [Fact]
    public void Fills_exactly_as_the_placeholder_pattern_reads()
    {
        // The scan replaced a regex on the hot path; the regex stays the definition of a placeholder.
        var pattern = new Regex(@"\{([A-Za-z][A-Za-z0-9_.-]*)\}");
        Gen.String[Gen.Char["{}ab1. -x"], 0, 30].Sample(text =>
            Assert.Equal(pattern.Replace(text, m => Values.TryGetValue(m.Groups[1].Value, out var v) && v is not null ? v : m.Value),
                TextTemplate.Fill(text, Values)));
    }
}
