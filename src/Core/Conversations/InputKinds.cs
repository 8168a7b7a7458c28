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
