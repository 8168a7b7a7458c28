using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Assignment;

/// <summary>
/// A waiting ticket offered to one agent until <see cref="Deadline"/>. <see cref="Tried"/>: every agent it was
/// offered to since it last waited unoffered (this one included), so a timed-out or declined offer moves on.
/// </summary>
public sealed record TicketOffer(string Reference, string Agent, string Kind, string Language, DateTimeOffset OfferedAt, DateTimeOffset Deadline,
    IReadOnlyList<string> Tried);

/// <summary>The kinds of work capacity is counted in.</summary>
public static class TicketKinds
{
    /// <summary>A written conversation: a web chat, or an SMS thread the agent answers by SMS.</summary>
    public const string Chat = "chat";
    /// <summary>A ticket worked by calling the citizen back (USSD, voice).</summary>
    public const string Callback = "callback";

    /// <summary>As the console works it: in writing where there is a chat or an SMS thread, else by a call.</summary>
    public static string Of(Escalation ticket) => ticket.ConversationId is not null || ticket.Channel == "sms" ? Chat : Callback;
}
