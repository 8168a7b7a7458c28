using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Messaging;

public enum SmsCommandKind { Status, Help, Centre, Agent, Stop, Start, Menu, Unknown }

/// <summary>
/// What a citizen's SMS asks for. <see cref="Language"/> is the language of the keyword they used
/// (null when nothing was recognised). <see cref="Argument"/> is the document number for Status
/// (normalised, possibly empty or malformed: the channel checks it against the document's pattern),
/// the place for Centre, the message for Agent. <see cref="Node"/> is the menu node a Menu keyword opens.
/// </summary>
public sealed record SmsCommand(SmsCommandKind Kind, Language? Language, string? Document = null, string? Argument = null, string? Node = null)
{
    public static SmsCommand Unknown { get; } = new(SmsCommandKind.Unknown, null);
}
