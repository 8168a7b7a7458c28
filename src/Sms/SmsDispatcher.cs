using System.Diagnostics;
using System.Threading.RateLimiting;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Sms;

/// <summary>
/// The one <see cref="ISmsSender"/>: records every message before it is sent, gives it to the primary
/// provider and, when that fails, to the secondary, and records what became of it. Retries inside one
/// provider (timeouts, 5xx) are the HTTP resilience handler's; failover between providers is here.
/// Recipients of the same text go to a provider in one bulk request where it has a bulk API, unless the
/// provider is rate-limited (Sms:RatePerSecond, one rate for the whole fleet: <see cref="FleetSendRate"/>), when each message waits its turn.
/// Two rules hold for every message, whoever sends it: a phone that sent STOP receives nothing but the
/// STOP/START confirmations, and look-alike characters never turn a message into UCS-2.
/// What each provider did with each message, and how long each call took, is counted here (<see cref="SmsMetrics"/>).
/// </summary>
internal sealed class SmsDispatcher(IReadOnlyList<ISmsProvider> providers, SmsOutbox outbox, OptOutList optOuts,
    ILogger<SmsDispatcher> logger, IReadOnlyDictionary<string, RateLimiter>? rateLimits = null, SmsMetrics? metrics = null) : ISmsSender
{
    /// <summary>Recipients per bulk request.</summary>
    public const int BatchSize = 100;

    /// <summary>The error of a message withheld from a phone that sent STOP: final, never worth trying again.</summary>
    public const string OptedOut = "opted out (STOP)";

    /// <summary>A message another sender took over (<see cref="SmsOutbox.TakeOverAsync"/>): not sent, and its record left as it is.</summary>
    private static readonly SmsSendResult TakenOverResult = new(false, "none", Error: SmsOutbox.TakenOver);

    public async Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default) =>
        (await SendManyAsync([message], ct))[0];

    public async Task<IReadOnlyList<SmsSendResult>> SendManyAsync(IReadOnlyList<OutboundSms> messages, CancellationToken ct = default)
    {
        var results = new SmsSendResult[messages.Count];
        var records = new SentSms[messages.Count];
        var pending = new List<int>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] with { Text = Gsm7.Sanitize(messages[i].Text) };
            records[i] = await outbox.RecordAsync(message, ct);
            if (SmsOutbox.IsTakenOver(records[i]))
            {
                logger.LogInformation("SMS {Id} to {Phone} not sent: {Error}", records[i].Id, Mask.Phone(message.To), SmsOutbox.TakenOver);
                results[i] = TakenOverResult;
            }
            else if (message.Purpose != OutboundSms.Confirmation && await optOuts.IsOptedOutAsync(message.To, ct))
            {
                logger.LogInformation("SMS {Id} to {Phone} withheld: opted out", records[i].Id, Mask.Phone(message.To));
                results[i] = await FailAsync(records[i], OptedOut, ct);
            }
            else pending.Add(i);
        }

        var lastError = new Dictionary<int, SmsSendResult>();
        // Messages a provider may have taken without saying so (it timed out): never "failed", which would invite a second copy.
        var unknown = new HashSet<int>();
        foreach (var provider in providers)
        {
            if (pending.Count == 0) break;
            List<(int Index, SmsSendResult Result)> attempts;
            using (var activity = HudumaActivity.StartTurn("sms send", "sms", provider.Name))
            {
                attempts = await AttemptAsync(provider, pending.Select(i => (i, records[i])).ToList(), ct);
                activity?.SetTag("huduma.sms.accepted", attempts.Count(a => a.Result.Accepted));
            }
            var still = new List<int>();
            // A bulk request's records are saved together: each save is a few round trips in a row.
            var saves = new List<Task>();
            foreach (var (i, result) in attempts)
            {
                var record = records[i];
                record.Attempts++;
                record.Provider = provider.Name;
                if (result.Error == SmsOutbox.TakenOver)
                {
                    results[i] = result; // another sender has it: nothing to record, nothing more to try
                    continue;
                }
                if (result.Accepted)
                {
                    metrics?.Sent(provider.Name);
                    record.ProviderMessageId = result.ProviderMessageId;
                    record.Status = SmsDeliveryStatus.Sent;
                    record.Error = null;
                    saves.Add(outbox.SaveAsync(record, ct));
                    results[i] = result;
                }
                else
                {
                    logger.LogWarning("SMS {Id} to {Phone} not taken by {Provider}: {Error}", record.Id, Mask.Phone(record.To), provider.Name, result.Error);
                    metrics?.Failed(provider.Name, SmsMetrics.ReasonOf(result));
                    lastError[i] = result;
                    if (result.FateUnknown) unknown.Add(i);
                    still.Add(i);
                }
            }
            await Task.WhenAll(saves);
            pending = still;
        }
        foreach (var i in pending)
            results[i] = unknown.Contains(i)
                ? await UnknownAsync(records[i], lastError[i], ct)
                : lastError.TryGetValue(i, out var last)
                ? await FailAsync(records[i], last.Error ?? "refused", ct) with { Provider = last.Provider }
                : await FailAsync(records[i], "no SMS provider configured", ct);
        return results;
    }

    /// <summary>One provider's try at the pending messages: in bulk by text, or one by one at its rate.</summary>
    private async Task<List<(int Index, SmsSendResult Result)>> AttemptAsync(ISmsProvider provider, List<(int Index, SentSms Record)> pending,
        CancellationToken ct)
    {
        var results = new List<(int, SmsSendResult)>();
        if (rateLimits?.GetValueOrDefault(provider.Name) is { } limiter)
        {
            foreach (var (i, record) in pending)
            {
                using var lease = await limiter.AcquireAsync(1, ct);
                // The wait for a turn may outlast the sender's lease: another may have taken the message over meanwhile.
                if (lease.IsAcquired && (await outbox.SubmittingAsync([record], ct)).Count > 0) results.Add((i, TakenOverResult));
                else results.Add((i, lease.IsAcquired
                    ? await TimedAsync(provider, record, ct)
                    : new SmsSendResult(false, provider.Name, Error: "rate limit queue is full", NeverReached: true)));
            }
            return results;
        }
        foreach (var group in pending.GroupBy(p => (p.Record.Text, p.Record.Purpose)))
            foreach (var whole in group.Chunk(BatchSize))
            {
                var takenOver = await outbox.SubmittingAsync(whole.Select(c => c.Record), ct);
                results.AddRange(whole.Where(c => takenOver.Contains(c.Record.Id)).Select(c => (c.Index, TakenOverResult)));
                var chunk = whole.Where(c => !takenOver.Contains(c.Record.Id)).ToArray();
                if (chunk.Length == 0) continue;
                var started = Stopwatch.GetTimestamp();
                var sent = await Guarded(() => provider.SendBatchAsync(group.Key.Text, group.Key.Purpose, chunk.Select(c => c.Record.To).ToList(), ct),
                    provider, chunk.Length, ct);
                metrics?.Called(provider.Name, Stopwatch.GetElapsedTime(started), SmsMetrics.OutcomeOf(sent));
                results.AddRange(chunk.Select((c, k) => (c.Index, sent[k])));
            }
        return results;
    }

    private async Task<SmsSendResult> TimedAsync(ISmsProvider provider, SentSms record, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await Guarded(() => provider.SendAsync(new OutboundSms(record.To, record.Text, record.Purpose), ct), provider, ct);
        metrics?.Called(provider.Name, Stopwatch.GetElapsedTime(started), SmsMetrics.OutcomeOf(result));
        return result;
    }

    /// <summary>
    /// A provider that throws has not said it took the message. If it never got the request (connection
    /// refused, circuit open) it did not; otherwise (a time-out, a broken answer) it may have.
    /// </summary>
    private static async Task<SmsSendResult> Guarded(Func<Task<SmsSendResult>> send, ISmsProvider provider, CancellationToken ct)
    {
        try { return await send(); }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var never = NeverReached(e);
            return new SmsSendResult(false, provider.Name, Error: e.Message, FateUnknown: !never, NeverReached: never);
        }
    }

    private static async Task<IReadOnlyList<SmsSendResult>> Guarded(Func<Task<IReadOnlyList<SmsSendResult>>> send, ISmsProvider provider,
        int count, CancellationToken ct)
    {
        try { return await send(); }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var never = NeverReached(e);
            return Enumerable.Range(0, count).Select(_ => new SmsSendResult(false, provider.Name, Error: e.Message, FateUnknown: !never, NeverReached: never)).ToList();
        }
    }

    /// <summary>The request never reached the provider: no connection, or the circuit breaker stopped it.</summary>
    private static bool NeverReached(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is Polly.CircuitBreaker.BrokenCircuitException
                || x is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
                return true;
        return false;
    }

    /// <summary>No provider said it took the message, but one may have: it stays "submitting" until a delivery report settles it.</summary>
    private async Task<SmsSendResult> UnknownAsync(SentSms record, SmsSendResult last, CancellationToken ct)
    {
        record.Status = SmsDeliveryStatus.Submitting;
        record.Error = $"{last.Error} (fate unknown)";
        await outbox.SaveAsync(record, ct);
        return last with { FateUnknown = true };
    }

    private async Task<SmsSendResult> FailAsync(SentSms record, string error, CancellationToken ct)
    {
        record.Status = SmsDeliveryStatus.Failed;
        record.Error = error;
        await outbox.SaveAsync(record, ct);
        return new SmsSendResult(false, record.Provider ?? "none", Error: error);
    }
}
