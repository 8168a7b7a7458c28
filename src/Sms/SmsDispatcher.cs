using System.Threading.RateLimiting;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Sms;

/// <summary>
/// The one <see cref="ISmsSender"/>: records every message before it is sent, gives it to the primary
/// provider and, when that fails, to the secondary, and records what became of it. Retries inside one
/// provider (timeouts, 5xx) are the HTTP resilience handler's; failover between providers is here.
/// Each provider is given messages no faster than its configured rate (Sms:RatePerSecond).
/// Two rules hold for every message, whoever sends it: a phone that sent STOP receives nothing but the
/// STOP/START confirmations, and look-alike characters never turn a message into UCS-2.
/// </summary>
public sealed class SmsDispatcher(IReadOnlyList<ISmsProvider> providers, SmsOutbox outbox, OptOutList optOuts,
    ILogger<SmsDispatcher> logger, IReadOnlyDictionary<string, RateLimiter>? rateLimits = null) : ISmsSender
{
    /// <summary>A provider's send rate as a token bucket: senders wait their turn rather than being refused.</summary>
    public static RateLimiter PerSecond(int messages) => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = messages, TokensPerPeriod = messages, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 100_000, QueueProcessingOrder = QueueProcessingOrder.OldestFirst, AutoReplenishment = true,
    });

    public async Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default)
    {
        message = message with { Text = Gsm7.Sanitize(message.Text) };
        var record = await outbox.RecordAsync(message, ct);
        if (message.Purpose != OutboundSms.Confirmation && await optOuts.IsOptedOutAsync(message.To, ct))
        {
            record.Status = SmsDeliveryStatus.Failed;
            record.Error = "opted out (STOP)";
            await outbox.SaveAsync(record, ct);
            logger.LogInformation("SMS {Id} to {Phone} withheld: opted out", record.Id, Mask.Phone(message.To));
            return new SmsSendResult(false, "none", Error: record.Error);
        }
        SmsSendResult? last = null;
        foreach (var provider in providers)
        {
            record.Attempts++;
            try
            {
                using var lease = rateLimits?.GetValueOrDefault(provider.Name) is { } limiter ? await limiter.AcquireAsync(1, ct) : null;
                last = lease is { IsAcquired: false }
                    ? new SmsSendResult(false, provider.Name, Error: "rate limit queue is full")
                    : await provider.SendAsync(message, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                last = new SmsSendResult(false, provider.Name, Error: e.Message);
            }
            record.Provider = provider.Name;
            if (last.Accepted)
            {
                record.ProviderMessageId = last.ProviderMessageId;
                record.Status = SmsDeliveryStatus.Sent;
                record.Error = null;
                await outbox.SaveAsync(record, ct);
                return last with { ProviderMessageId = last.ProviderMessageId };
            }
            logger.LogWarning("SMS {Id} to {Phone} not taken by {Provider}: {Error}", record.Id, Mask.Phone(message.To), provider.Name, last.Error);
        }
        record.Status = SmsDeliveryStatus.Failed;
        record.Error = last?.Error ?? "no SMS provider configured";
        await outbox.SaveAsync(record, ct);
        return last ?? new SmsSendResult(false, "none", Error: record.Error);
    }
}
