using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Register;

namespace Huduma.Contact.Core.Actions;

/// <summary>
/// The words of a document's status, for its holder only (the caller has checked the phone or the
/// waiting-card reference). Used by status-lookup, and by content checks that measure the answers.
/// </summary>
public static class StatusAnswer
{
    /// <summary>The full answer, for the document's holder only.</summary>
    public static string[] Describe(ContentBundle content, RegisteredDocument document, Language language)
    {
        var type = content.Document(document.Type);
        var centre = content.Centre(document.CentreId);
        // Sized for its eight placeholders: grown from empty it made three tables on every status answer.
        var values = new Dictionary<string, string?>(8)
        {
            ["name"] = document.HolderName,
            ["document"] = type?.Name?[language] ?? document.Type,
            ["number"] = document.Number,
            ["centre"] = centre?.Name ?? document.CentreId,
            ["location"] = centre?.Location?[language],
            ["hours"] = centre?.Hours?[language],
            ["collect"] = type?.Collect?[language],
            ["date"] = document.CollectedOn?.ToString("dd/MM/yyyy"),
        };
        var key = document.Status switch
        {
            DocumentStatus.InProcess => PromptKeys.StatusInProcess,
            DocumentStatus.ReadyForCollection => PromptKeys.StatusReady,
            DocumentStatus.Collected => PromptKeys.StatusCollected,
            _ => PromptKeys.StatusReturned,
        };
        var text = content.Prompt(key, language, values);
        // Hours and what to bring are sample data until the content team confirms them.
        var unconfirmed = document.Status == DocumentStatus.ReadyForCollection && (centre?.Verified != true || type?.Verified != true);
        return unconfirmed ? [text, content.Prompt(PromptKeys.Unconfirmed, language)] : [text];
    }
}
