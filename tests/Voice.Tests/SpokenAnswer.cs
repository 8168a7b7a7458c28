using System.Text.RegularExpressions;
using System.Xml.Linq;
using Huduma.Contact.Core.Content;
using Huduma.Contact.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huduma.Contact.Voice.Tests;

/// <summary>Reading a provider's answer (AT voice XML or TwiML) the way a caller hears it.</summary>
public static class SpokenAnswer
{
    private static ContentBundle Content => ShippedContent.Load();

    /// <summary>The XML the handler answered, after checking it is a 200 with an XML &lt;Response&gt;.</summary>
    public static XElement Xml(IResult result)
    {
        var content = Assert.IsType<ContentHttpResult>(result);
        Assert.True(content.StatusCode is null or 200, $"{content.StatusCode}: {content.ResponseContent}");
        Assert.Equal("application/xml", content.ContentType);
        var root = XDocument.Parse(content.ResponseContent!).Root!;
        Assert.Equal("Response", root.Name.LocalName);
        return root;
    }

    /// <summary>Everything said, in order.</summary>
    public static string Said(XElement response) => string.Join(" ", response.Descendants("Say").Select(s => s.Value));

    /// <summary>
    /// The key the answer offers for a choice, found with content's own "For {label}, press {key}." in
    /// either language (the language menu is read in both).
    /// </summary>
    public static string KeyFor(XElement response, string label)
    {
        var said = Said(response);
        foreach (var language in new[] { Language.En, Language.Sw })
        {
            var template = Regex.Escape(Content.Prompt(VoicePrompts.Option, language, ("label", "LABEL"), ("key", "KEY")))
                .Replace("LABEL", Regex.Escape(label)).Replace("KEY", @"(\d)");
            if (Regex.Match(said, template) is { Success: true } match) return match.Groups[1].Value;
        }
        Assert.Fail($"no key for '{label}' in: {said}");
        return "";
    }

    /// <summary>The longest part of a prompt without placeholders ("is READY for collection at"): what any filling of it says.</summary>
    public static string Literal(string promptKey, Language language = Language.En) =>
        Regex.Split(Content.Prompts[promptKey][language], @"\{[^}]+\}").Select(p => p.Trim()).MaxBy(p => p.Length)!;
}
