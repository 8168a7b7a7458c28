namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// Queued: recorded, not yet handed to a provider. Submitting: a provider is being given it (if the
/// host dies now, only a delivery report can tell whether it went). Sent: a provider took it.
/// </summary>
public enum SmsDeliveryStatus { Queued, Sent, Delivered, Failed, Submitting }

/// <summary>
/// The record of one outbound SMS, kept whatever happens to it: the provider that took it, its id there,
/// what the delivery reports said, how many attempts it took.
/// </summary>
public sealed class SentSms
{
    /// <summary>
    /// Its id came from its sender (a reminder's claim, a reply's queue entry), so another may know it and
    /// take it over (<see cref="SmsOutbox.TakeOverAsync"/>); an id the outbox made up is known to its sender only.
    /// Not stored: the sender's copy only.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IdFromSender { get; set; }

    public string Id { get; set; } = "";
    public string To { get; set; } = "";
    public string Text { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string? Reference { get; set; }
    public string? Provider { get; set; }
    public string? ProviderMessageId { get; set; }
    public SmsDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
