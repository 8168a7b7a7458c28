using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Register;

namespace Huduma.Contact.Core.Reminders;

/// <summary>The words of a collection reminder: where, when, what to bring, in the holder's language.</summary>
internal static class ReminderMessage
{
    /// <summary>A reminder may take this many SMS at most (checked over all content at start-up).</summary>
    public const int MaxSegments = 3;

    public static string Compose(ContentBundle content, RegisteredDocument document, int sequence, Language language)
    {
        var type = content.Document(document.Type);
        var centre = content.Centre(document.CentreId);
        var sample = centre?.Verified != true || type?.Verified != true;
        return Fill(content, sequence, language, type?.Name?[language] ?? document.Type, LastDigits(document.Number),
            centre?.Name ?? document.CentreId, centre?.Hours?[language], type?.Collect?[language], sample);
    }

    public static string Fill(ContentBundle content, int sequence, Language language, string document, string number,
        string centre, string? hours, string? collect, bool sample) =>
        content.Prompt(sequence == 0 ? PromptKeys.ReminderReady : PromptKeys.ReminderAgain, language, new Dictionary<string, string?>
        {
            ["document"] = document,
            ["number"] = number,
            ["centre"] = centre,
            ["hours"] = hours ?? "",
            ["collect"] = collect ?? "",
            ["unconfirmed"] = sample ? content.Prompt(PromptKeys.Unconfirmed, language) + "." : "",
        }).Replace("  ", " ");

    /// <summary>"12345678" → "5678": enough for the holder to know which document, nothing for anyone else.</summary>
    public static string LastDigits(string number) => number.Length <= 4 ? number : number[^4..];
}
