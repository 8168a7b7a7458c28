namespace Huduma.Contact.Core.Assignment;

/// <summary>
/// A waiting ticket offered to one agent until <see cref="Deadline"/>. <see cref="Tried"/>: every agent it was
/// offered to since it last waited unoffered (this one included), so a timed-out or declined offer moves on.
/// </summary>
public sealed record TicketOffer(string Reference, string Agent, string Kind, string Language, DateTimeOffset OfferedAt, DateTimeOffset Deadline,
    IReadOnlyList<string> Tried);
