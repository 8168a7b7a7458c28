namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// The four channels' names: the first part of a session's key (<see cref="Conversations.Key"/>), the
/// channel of a ticket, the metrics' and traces' channel label, the dashboard's columns. In Core so that the
/// host names a channel without naming the channel project's handler.
/// </summary>
public static class ChannelNames
{
    public const string Ussd = "ussd";
    public const string Sms = "sms";
    public const string Voice = "voice";
    public const string Chat = "chat";

    /// <summary>In the dashboard's order.</summary>
    public static readonly IReadOnlyList<string> All = [Chat, Sms, Ussd, Voice];
}
