namespace Huduma.Contact.Core;

/// <summary>
/// The providers' names as the product writes them: in session and outbox keys, metric labels and logs.
/// Kept here, in one place, because no channel may reference another and several channels speak to the
/// same provider (Africa's Talking: USSD, SMS, voice).
/// </summary>
public static class Providers
{
    public const string AfricasTalking = "africastalking";
    public const string Twilio = "twilio";
    /// <summary>Our own Direct Line 3.0 (Microsoft's Web Chat, our widget); also the activities' channelId.</summary>
    public const string DirectLine = "directline";
    /// <summary>Bot Framework's connector (POST /api/messages).</summary>
    public const string BotFramework = "botframework";
}
