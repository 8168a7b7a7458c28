using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Sms.Menus;

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

    /// <summary>
    /// A status answer's lines as one message, at most two segments. Content is checked to fit them
    /// (<see cref="SmsContentCheck"/>), a holder's name from the register is not: one with a character GSM-7 has
    /// no twin for would send the whole answer as UCS-2, twice the segments or more. Then that character gives
    /// way ('?', as on USSD) rather than the answer its length.
    /// </summary>
    public static string Status(IEnumerable<string> lines)
    {
        var answer = string.Join(" ", lines);
        return SmsSize.Of(Gsm7.Sanitize(answer)).Segments <= SmsMenuRenderer.MaxSegments ? answer : Gsm7.ToGsm7(answer);
    }

    /// <summary>What a citizen searched for, shown back in "no centre found": at most <see cref="QueryShownLength"/> characters, the length the content check allows for.</summary>
    public static string QueryShown(string query) =>
        query.Length == 0 ? "-" : query.Length <= QueryShownLength ? query : query[..(QueryShownLength - 3)] + "...";

    public const int QueryShownLength = 20;
}
