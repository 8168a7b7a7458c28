using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Assignment;

/// <summary>The kinds of work capacity is counted in.</summary>
internal static class TicketKinds
{
    /// <summary>A written conversation: a web chat, or an SMS thread the agent answers by SMS.</summary>
    public const string Chat = "chat";
    /// <summary>A ticket worked by calling the citizen back (USSD, voice).</summary>
    public const string Callback = "callback";

    /// <summary>As the console works it: in writing where there is a chat or an SMS thread, else by a call.</summary>
    public static string Of(Escalation ticket) => Of(ticket.Channel, ticket.ConversationId is not null);

    public static string Of(WaitingTicket ticket) => Of(ticket.Channel, ticket.HasConversation);

    // RedisEscalationStore's HeldScript says this again in Lua, for counting the tickets held before the counts existed.
    private static string Of(string channel, bool hasConversation) => hasConversation || channel == InWritingChannel ? Chat : Callback;

    /// <summary>The channel whose tickets are worked in writing, a conversation or not: an SMS thread.</summary>
    public const string InWritingChannel = ChannelNames.Sms;
}
