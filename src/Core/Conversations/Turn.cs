namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// What a citizen sent, channel-neutral. <paramref name="Msisdn"/> is the network-verified phone number
/// (E.164) when the channel has one (USSD, SMS, voice) and null on the anonymous web.
/// </summary>
public sealed record Turn(string Channel, string ConversationId, string? Msisdn, string? Input)
{
    /// <summary>
    /// A citizen wrong three times in a row is left stuck for <see cref="Conversations"/>' handoff policy
    /// (a person, in agents' hours) instead of being ended with the screens' goodbye: voice, where a caller
    /// who cannot find the key is better off with a person.
    /// </summary>
    public bool HandsOverWhenStuck { get; init; }
}
