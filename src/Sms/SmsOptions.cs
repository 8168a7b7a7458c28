namespace Huduma.Contact.Sms;

public sealed class SmsOptions
{
    public const string Section = "Sms";
    public static readonly string[] Providers = ["Simulator", "AfricasTalking", "Twilio"];

    /// <summary>Simulator (the embedded default), AfricasTalking or Twilio.</summary>
    public string Primary { get; set; } = "Simulator";
    /// <summary>Where a message goes when the primary fails; empty for none.</summary>
    public string? Secondary { get; set; }
    /// <summary>Messages per second each provider may be given (Sms:RatePerSecond:AfricasTalking = 50); absent or 0 = no limit.</summary>
    public Dictionary<string, int> RatePerSecond { get; set; } = [];
    /// <summary>The outbound queue replies wait in (Sms:Queue:ClaimAfter and the rest).</summary>
    public SmsQueueOptions Queue { get; set; } = new();
    /// <summary>An SMS conversation: a phone's messages within this long of each other (its session's lifetime after the last).</summary>
    public TimeSpan ConversationLifetime { get; set; } = TimeSpan.FromDays(1);

    public const string ConversationLifetimeRule = "Sms:ConversationLifetime must be 1 hour to 7 days";

    public bool ConversationLifetimeIsValid() => ConversationLifetime >= TimeSpan.FromHours(1) && ConversationLifetime <= TimeSpan.FromDays(7);
}
