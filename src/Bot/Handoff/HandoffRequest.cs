using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Bot.Handoff;

/// <summary>
/// Does a chat message ask for a person? The agent keywords of content/sms.yaml ("talk to a person",
/// "ongea na mtu"): a phrase of several words anywhere in the message, a single word ("agent", "wakala")
/// only in a short message — "can a person collect my ID for me?" is a question for the FAQs, not a handoff.
/// </summary>
internal static class HandoffRequest
{
    private const int ShortMessageWords = 4;

    /// <summary>Typed while waiting for an agent: back to the bot (the waiting prompt names MENU / MENYU).</summary>
    private static readonly HashSet<string> BackToBot = ["MENU", "MENYU", "BOT", "ROBOTI", "CANCEL", "GHAIRI"];

    public static Language? Asked(ContentBundle content, string text)
    {
        var tokens = StatusQuestion.Tokens(text);
        if (tokens.Length == 0) return null;
        foreach (var keyword in content.SmsKeywords.Where(k => k.Command == "agent"))
        foreach (var (phrases, language) in new[] { (keyword.En, Language.En), (keyword.Sw, Language.Sw) })
        foreach (var phrase in phrases)
        {
            var single = !phrase.Contains(' ');
            if (single && tokens.Length > ShortMessageWords) continue;
            if (StatusQuestion.Mentions(tokens, phrase)) return language;
        }
        return null;
    }

    public static bool WantsTheBotBack(string text) => StatusQuestion.Tokens(text) is [var word] && BackToBot.Contains(word);
}
