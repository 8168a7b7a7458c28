using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Sms;

/// <summary>
/// The replies <see cref="SmsConversation"/> sends whole, not in the menus' pages: an FAQ answered from free
/// text, and a status answered to a keyword or a question in words. Built here only, so that
/// <see cref="SmsContentCheck"/> measures exactly what is sent.
/// </summary>
internal static class SmsAnswers
{
    /// <summary>An FAQ's answer in <paramref name="language"/>, an unconfirmed one with the note that says so.</summary>
    public static string Faq(ContentBundle content, Faq faq, Language language)
    {
        var answer = faq.Answer?[language] ?? "";
        return faq.Verified ? answer : $"{answer} {content.Prompt(PromptKeys.Unconfirmed, language)}";
    }

    /// <summary>A status answer's lines as one message.</summary>
    public static string Status(IEnumerable<string> lines) => string.Join(" ", lines);
}
