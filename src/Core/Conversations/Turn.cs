namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// What a citizen sent, channel-neutral. <paramref name="Msisdn"/> is the network-verified phone number
/// (E.164) when the channel has one (USSD, SMS, voice) and null on the anonymous web.
/// </summary>
public sealed record Turn(string Channel, string ConversationId, string? Msisdn, string? Input);
