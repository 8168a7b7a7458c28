namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// One entry of the outbound queue, as a consumer holds it: <see cref="EntryId"/> (the queue's own id within its
/// <see cref="Bucket"/>, to acknowledge it) and the message, whose <see cref="OutboundSms.Id"/> is stable (reply:{provider}:{inbound id}),
/// so a message queued or delivered twice is recognised in the SMS outbox.
/// </summary>
public sealed record QueuedSms(string EntryId, int Bucket, OutboundSms Message, DateTimeOffset QueuedAt);

/// <summary>
/// The durable outbound SMS queue that every host drains: an SMS webhook queues its reply and answers the
/// provider at once, whatever the SMS provider is doing. An entry a consumer has read stays pending until
/// acknowledged; one left pending (its host died, or the send is to be tried again) is taken over by any
/// consumer once it has been idle long enough. In memory on the embedded default; Redis Streams with a
/// consumer group in production (several streams, each its own hash slot, so a cluster spreads them over
/// its primaries). One contract test suite runs against both.
/// </summary>
public interface ISmsQueue
{
    /// <summary>Queues a message; its <see cref="OutboundSms.Id"/> is required. Durable once this returns.</summary>
    Task EnqueueAsync(OutboundSms message, CancellationToken ct = default);

    /// <summary>Up to <paramref name="count"/> entries no consumer has read yet, now pending with <paramref name="consumer"/>.</summary>
    Task<IReadOnlyList<QueuedSms>> ReadAsync(string consumer, int count, CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="count"/> entries read but not acknowledged for at least <paramref name="idle"/>
    /// (whichever consumer had them, this one included), now pending with <paramref name="consumer"/> and
    /// idle again from now.
    /// </summary>
    Task<IReadOnlyList<QueuedSms>> ClaimIdleAsync(string consumer, TimeSpan idle, int count, CancellationToken ct = default);

    /// <summary>Done with an entry: it is never handed out again.</summary>
    Task AcknowledgeAsync(QueuedSms entry, CancellationToken ct = default);

    /// <summary>
    /// Forgets the consumers that have not read for <paramref name="idle"/> and hold no entry: hosts that
    /// stopped (every process is a consumer of its own, so each restart leaves a name behind). How many.
    /// </summary>
    Task<int> ForgetIdleConsumersAsync(TimeSpan idle, CancellationToken ct = default);

    /// <summary>Entries queued and not yet acknowledged, read or not.</summary>
    Task<long> CountAsync(CancellationToken ct = default);
}
