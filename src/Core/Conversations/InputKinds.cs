using System.Text.RegularExpressions;
using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Conversations;

/// <summary>The kinds of free-text input a node may ask for, and how each is checked.</summary>
public static class InputKinds
{
    public const string DocumentNumber = "document-number";
    public const string Reference = "reference";
    public static readonly string[] All = [DocumentNumber, Reference];

    private static readonly Regex ReferencePattern = new("^[A-Z0-9]{4,16}$", RegexOptions.Compiled);

    /// <summary>Citizens type numbers with spaces, dashes or lower case: compare on the bare form.</summary>
    public static string Normalize(string input) =>
        new string(input.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();

    /// <summary>
    /// Chat's rule for text typed at a number or reference prompt that is clearly neither, but a question
    /// to answer instead: it has no digit at all ("what do I need for a birth certificate"), or it has two
    /// or more words of letters alone ("is my ID 12345678 ready?"). Numbers and references as people type
    /// them pass: "wc 100 001", "12 345 678", "DL 0012345", "ref: WC100001". Empty text is not a question.
    /// </summary>
    public static bool IsFreeText(string input)
    {
        if (string.IsNullOrWhiteSpace(input)) return false;
        if (!input.Any(char.IsDigit)) return true;
        var wordsOfLetters = 0;
        foreach (var word in input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            if (word.Any(char.IsLetter) && !word.Any(char.IsDigit) && ++wordsOfLetters >= 2) return true;
        return false;
    }

    /// <summary>The normalized value, or null with the key of the error prompt to show.</summary>
    public static (string? Value, string? ErrorPrompt) Accept(string kind, string input, DocumentType? document)
    {
        var value = Normalize(input);
        return kind switch
        {
            DocumentNumber when document is not null && Regex.IsMatch(value, document.Pattern, RegexOptions.IgnoreCase)
                => (value, null),
            DocumentNumber => (null, PromptKeys.ErrorNumber),
            Reference when ReferencePattern.IsMatch(value) => (value, null),
            _ => (null, PromptKeys.ErrorReference),
        };
    }
}
