namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// A citizen handed to a human: who, on which channel, why, and what they already did, so nobody has
/// to repeat themselves. The agent console (a later issue) lists and works these.
/// </summary>
public sealed record Escalation
{
    public required string Reference { get; init; }
    public required string Channel { get; init; }
    public string? Msisdn { get; init; }
    public required string Language { get; init; }
    public required string Reason { get; init; }
    /// <summary>The menu path the citizen took (personal numbers masked).</summary>
    public IReadOnlyList<string> Path { get; init; } = [];
    public string? DocumentType { get; init; }
    public string? DocumentNumber { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string Status { get; init; } = "open";
}

/// <summary>
/// What a channel knows when it asks for a human; the store assigns the reference and time.
/// <paramref name="IdempotencyKey"/>: asking twice with the same key (a provider's retried callback
/// racing the original) gives the same ticket, not a second one.
/// </summary>
public sealed record NewEscalation(string Channel, string? Msisdn, string Language, string Reason,
    IReadOnlyList<string> Path, string? DocumentType = null, string? DocumentNumber = null, string? IdempotencyKey = null);
