namespace Huduma.Contact.Core.Register;

public enum DocumentStatus { InProcess, ReadyForCollection, Collected, Returned }

/// <summary>
/// A document in the collection register: personal data. Only its holder (the phone on record, or
/// the waiting-card reference as a second factor) may learn more than that it exists.
/// </summary>
public sealed record RegisteredDocument
{
    public required string Type { get; init; }
    public required string Number { get; init; }
    public required string HolderName { get; init; }
    /// <summary>E.164 phone numbers on record.</summary>
    public required IReadOnlyList<string> Phones { get; init; }
    public required string CentreId { get; init; }
    // Always written: InProcess is the enum's default, which the compact JSON would otherwise leave out.
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public required DocumentStatus Status { get; init; }
    /// <summary>The reference printed on the applicant's waiting card: the second factor.</summary>
    public required string WaitingCardRef { get; init; }
    public DateOnly AppliedOn { get; init; }
    public DateOnly? ReadyOn { get; init; }
    public DateOnly? CollectedOn { get; init; }

    public string Key => DocumentKey(Type, Number);

    public static string DocumentKey(string type, string number) => $"{type}:{number.ToUpperInvariant()}";

    /// <summary>A key back into its type and number, or null when it is not one.</summary>
    public static (string Type, string Number)? TryParseKey(string key)
    {
        var colon = key.IndexOf(':');
        return colon <= 0 || colon == key.Length - 1 ? null : (key[..colon], key[(colon + 1)..]);
    }
}
