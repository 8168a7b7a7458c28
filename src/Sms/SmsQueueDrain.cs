using System.Collections.Concurrent;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Sms;

/// <summary>What the drain did with one queue entry.</summary>
internal enum QueuedSmsOutcome
{
    /// <summary>A provider took it (now, or before: the outbox says so); acknowledged.</summary>
    Sent,
    /// <summary>Settled without sending: the phone sent STOP, or the providers refused it for too long; acknowledged.</summary>
    Dropped,
    /// <summary>Left in the queue: refused, or its fate unknown, or another host is sending it. Looked at again after Sms:Queue:ClaimAfter.</summary>
    Later,
}

/// <summary>
/// Every host's share of the outbound queue: reads what no host has read, takes over what has been left
/// idle (Sms:Queue:ClaimAfter), sends each through the <see cref="ISmsSender"/> (so opt-outs, GSM-7,
/// failover, the fleet's send rate and the outbox record apply as to any SMS) and acknowledges an entry
/// only once the send's outcome is recorded.
/// </summary>
/// <remarks>
/// A message may be handed out twice: its host died after sending but before acknowledging, or the same
/// reply was queued twice. Its stable id (reply:{provider}:{inbound id}) is its outbox id, and the outbox
/// says what became of it, as for a reminder taken back from a stopped sweeper: sent → acknowledge;
/// never handed to a provider, or refused → send; "submitting" (the provider may have it) → wait for its
/// delivery report (<see cref="SmsOutbox.FateOfAsync"/>), and send again only when none came within
/// Sms:Queue:UnknownWait. While one host sends a message, a lease (huduma:sms:queue:sending:{id}) keeps others off it;
/// a lease it could not delete because Redis was away is deleted as soon as Redis is back (<see cref="LeasesToFree"/>).
/// </remarks>
internal sealed class SmsQueueDrain(ISmsQueue queue, ISmsSender sender, SmsOutbox outbox, IStateStore store, IOptions<SmsOptions> options,
    SmsQueueSignal signal, TimeProvider clock, ILogger<SmsQueueDrain> logger) : BackgroundService
{
    private SmsQueueOptions Options => options.Value.Queue;

    /// <summary>This process's name in the consumer group: unique, so a restarted host never inherits a dead one's entries but by claiming them.</summary>
    public string Consumer { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    private readonly ConcurrentDictionary<(int Bucket, string Entry), Task> _inFlight = new();
    private readonly LeasesToFree _leasesToFree = new(store, clock);
    private long _lastClaim = long.MinValue;
    private long _lastForget = long.MinValue;

    /// <summary>
    /// A consumer that has not read for this long, and holds nothing, is most likely a stopped host (a live
    /// one reads at least every Sms:Queue:PollInterval, a minute at most): its name is dropped from the
    /// queue's group. Dropping a live one that holds nothing costs nothing: its next read makes it again.
    /// </summary>
    public static readonly TimeSpan StoppedAfter = TimeSpan.FromMinutes(10);

    private sealed class Sending
    {
        public string Consumer { get; set; } = "";
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var moreWaiting = await TakeAsync(stopping);
                failures = 0;
                if (!moreWaiting) await signal.WaitAsync(Options.PollInterval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // Redis away, most likely: say so once, then keep trying quietly, a little less often each time.
                if (failures++ == 0) logger.LogWarning(e, "SMS queue: cannot read the queue ({Error}); trying again", e.Message);
                try { await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * failures)), clock, stopping); }
                catch (OperationCanceledException) { break; }
            }
        }
        // Sends in flight finish (within the host's shutdown time); whatever is left, another host takes over.
        await Task.WhenAll(_inFlight.Values);
    }

    /// <summary>
    /// Starts sending what this host may take now; whether more may be waiting already (it took as many as it
    /// could). When not, the drain waits for this host's next reply or the next poll: reading again at once
    /// would cost every stream a read per reply for nothing.
    /// </summary>
    private async Task<bool> TakeAsync(CancellationToken ct)
    {
        await _leasesToFree.FreeAsync(ct);
        if (_lastForget == long.MinValue || clock.GetElapsedTime(_lastForget) >= StoppedAfter)
        {
            _lastForget = clock.GetTimestamp();
            var forgotten = await queue.ForgetIdleConsumersAsync(StoppedAfter, ct);
            if (forgotten > 0) logger.LogInformation("SMS queue: forgot {Count} consumer(s) of stopped hosts", forgotten);
        }
        var free = Options.Parallelism - _inFlight.Count;
        if (free <= 0)
        {
            await Task.WhenAny(_inFlight.Values.Append(Task.Delay(Options.PollInterval, clock, ct)));
            return true;
        }
        var entries = new List<QueuedSms>(await queue.ReadAsync(Consumer, free, ct));
        var now = clock.GetTimestamp();
        var claimEvery = Math.Max(Options.PollInterval.Ticks, Options.ClaimAfter.Ticks / 4);
        if (_lastClaim == long.MinValue || clock.GetElapsedTime(_lastClaim, now).Ticks >= claimEvery)
        {
            _lastClaim = now;
            if (free > entries.Count) entries.AddRange(await queue.ClaimIdleAsync(Consumer, Options.ClaimAfter, free - entries.Count, ct));
        }
        foreach (var entry in entries)
        {
            var key = (entry.Bucket, entry.EntryId);
            // Taken back from ourselves (still sending it past ClaimAfter): it is in hand already.
            if (_inFlight.ContainsKey(key)) continue;
            _inFlight[key] = Task.Run(async () =>
            {
                try { await SettleAsync(entry, CancellationToken.None); }
                catch (Exception e)
                {
                    logger.LogWarning(e, "SMS queue: reply {Id} to {Phone} not settled ({Error}); another look after {ClaimAfter}",
                        entry.Message.Id, Mask.Phone(entry.Message.To), e.Message, Options.ClaimAfter);
                }
                finally { _inFlight.TryRemove(key, out _); }
            }, CancellationToken.None);
        }
        return entries.Count >= free;
    }

    /// <summary>Sends one entry unless it went already, and acknowledges it once its outcome is recorded.</summary>
    public async Task<QueuedSmsOutcome> SettleAsync(QueuedSms entry, CancellationToken ct = default)
    {
        var message = entry.Message;
        var id = message.Id ?? throw new ArgumentException("a queued message has an id", nameof(entry));
        using var activity = HudumaActivity.StartContinuing("sms queue send", message.TraceParent, System.Diagnostics.ActivityKind.Consumer);
        activity?.SetTag(HudumaActivity.ChannelTag, "sms");
        var lease = $"sms:queue:sending:{id}";
        var takenAt = clock.GetUtcNow();
        if (!await store.SetIfAbsentAsync(lease, new Sending { Consumer = Consumer }, Options.SendingLease, ct)) return QueuedSmsOutcome.Later;
        try
        {
            var outcome = await SendUnlessSentAsync(entry, id, ct);
            if (outcome != QueuedSmsOutcome.Later) await queue.AcknowledgeAsync(entry, ct);
            return outcome;
        }
        finally
        {
            // Redis away as the send ends: freed once it is back, not held for the whole lease.
            await _leasesToFree.ReleaseAsync(lease, takenAt, Options.SendingLease);
        }
    }

    private async Task<QueuedSmsOutcome> SendUnlessSentAsync(QueuedSms entry, string id, CancellationToken ct)
    {
        var message = entry.Message;
        var recorded = await outbox.FateOfAsync(id, ct);
        switch (recorded?.Status)
        {
            case SmsDeliveryStatus.Sent or SmsDeliveryStatus.Delivered:
                logger.LogInformation("SMS queue: reply {Id} to {Phone} went already ({Status}); not sent again", id, Mask.Phone(message.To), recorded.Status);
                return QueuedSmsOutcome.Sent;
            case SmsDeliveryStatus.Submitting when clock.GetUtcNow() - recorded.UpdatedAt < Options.UnknownWait:
                return QueuedSmsOutcome.Later; // the provider may have it: its delivery report will say
            case SmsDeliveryStatus.Submitting:
                logger.LogWarning("SMS queue: reply {Id} to {Phone}: no delivery report within {Wait} of handing it to {Provider}; it did not go, sending it again",
                    id, Mask.Phone(message.To), Options.UnknownWait, recorded.Provider);
                break;
        }

        var result = await sender.SendAsync(message, ct);
        if (result.Accepted) return QueuedSmsOutcome.Sent;
        if (result.Error == SmsDispatcher.OptedOut) return QueuedSmsOutcome.Dropped;
        if (result.FateUnknown)
        {
            logger.LogWarning("SMS queue: reply {Id} to {Phone}: {Provider} did not answer ({Error}); waiting for its delivery report",
                id, Mask.Phone(message.To), result.Provider, result.Error);
            return QueuedSmsOutcome.Later;
        }
        if (clock.GetUtcNow() - entry.QueuedAt >= Options.GiveUpAfter)
        {
            logger.LogError("SMS queue: reply {Id} to {Phone} dropped: refused since {QueuedAt} ({Error})", id, Mask.Phone(message.To), entry.QueuedAt, result.Error);
            return QueuedSmsOutcome.Dropped;
        }
        logger.LogWarning("SMS queue: reply {Id} to {Phone} refused by {Provider} ({Error}); tried again after {ClaimAfter}",
            id, Mask.Phone(message.To), result.Provider, result.Error, Options.ClaimAfter);
        return QueuedSmsOutcome.Later;
    }
}
