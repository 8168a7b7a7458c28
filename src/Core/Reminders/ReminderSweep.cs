using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Core.Reminders;

/// <summary>What one sweep did.</summary>
public sealed record SweepReport(int Sent, int Failed, int Skipped, int Postponed, int Held, int Recovered)
{
    public int Total => Sent + Failed + Skipped + Postponed + Held;
}

/// <summary>
/// Sends the reminders that are due. Run by a Hangfire recurring job on every host; any number may run
/// at once. Each reminder goes: leased from the queue → checked (still ready for collection, not opted
/// out, not in quiet hours) → claimed in its record (only one sweeper ever wins) → handed to the SMS
/// sender → marked sent or failed → the document's next reminder queued. A host that dies leaves its
/// lease to run out; the next sweep takes those reminders back and settles each by its record and the
/// SMS outbox: never claimed → send it; claimed but not in the outbox, or still queued there → nothing
/// went out, so fence that SMS off (<see cref="SmsOutbox.TakeOverAsync"/>: its sweeper may only be slow,
/// waiting its turn at the fleet's rate, and must then not send it) and send it; in the outbox as sent →
/// it went, mark it; being handed to a provider → the provider may have it, so its fate is unknown and
/// <see cref="ReminderOptions.UnknownFate"/> decides (by default, wait for its delivery report).
/// </summary>
public sealed class ReminderSweep
{
    private readonly IReminderStore _store;
    private readonly ReminderPolicy _policy;
    private readonly ReminderOptions _options;
    private readonly IDocumentRegister _register;
    private readonly OptOutList _optOuts;
    private readonly PhoneProfiles _profiles;
    private readonly ContentBundle _content;
    private readonly ISmsSender _sms;
    private readonly SmsOutbox _outbox;
    private readonly CampaignStats _campaigns;
    private readonly HeldReminders _held;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReminderSweep> _logger;

    internal ReminderSweep(IReminderStore store, ReminderPolicy policy, ReminderOptions options, IDocumentRegister register,
        OptOutList optOuts, PhoneProfiles profiles, ContentBundle content, ISmsSender sms, SmsOutbox outbox,
        CampaignStats campaigns, HeldReminders held, TimeProvider clock, ILogger<ReminderSweep> logger)
    {
        _store = store;
        _policy = policy;
        _options = options;
        _register = register;
        _optOuts = optOuts;
        _profiles = profiles;
        _content = content;
        _sms = sms;
        _outbox = outbox;
        _campaigns = campaigns;
        _held = held;
        _clock = clock;
        _logger = logger;
    }

    public const string Purpose = "reminder";

    private sealed class Tally
    {
        public int Sent, Failed, Skipped, Postponed, Held, Recovered;
        public SweepReport Report() => new(Sent, Failed, Skipped, Postponed, Held, Recovered);
    }

    private enum Outcome { Sent, Failed, Skipped, Postponed, Held }

    public async Task<SweepReport> RunAsync(CancellationToken ct = default)
    {
        var tally = new Tally();
        tally.Recovered += await ReconcileHeldAsync(ct);
        // First what dead sweepers left behind, then everything due, a batch at a time.
        while (!ct.IsCancellationRequested)
        {
            var now = _clock.GetUtcNow();
            var reclaimed = await _store.ReclaimAsync(now, _options.BatchSize, now + _options.Lease, ct);
            if (reclaimed.Count == 0) break;
            Interlocked.Add(ref tally.Recovered, reclaimed.Count);
            await ProcessAsync(reclaimed, recovering: true, tally, ct);
        }
        while (!ct.IsCancellationRequested)
        {
            var now = _clock.GetUtcNow();
            var batch = await _store.LeaseAsync(now, _options.BatchSize, now + _options.Lease, ct);
            if (batch.Count == 0) break;
            await ProcessAsync(batch, recovering: false, tally, ct);
        }
        var report = tally.Report();
        if (report.Total > 0)
            _logger.LogInformation("Reminder sweep: {Sent} sent, {Failed} failed, {Skipped} skipped, {Postponed} postponed, {Held} held ({Recovered} taken back from a stopped sweeper)",
                report.Sent, report.Failed, report.Skipped, report.Postponed, report.Held, report.Recovered);
        return report;
    }

    private Task ProcessAsync(IReadOnlyList<DueReminder> batch, bool recovering, Tally tally, CancellationToken ct) =>
        Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = ct }, async (reminder, token) =>
        {
            var outcome = recovering ? await RecoverAsync(reminder, token) : await SendAsync(reminder, token);
            switch (outcome)
            {
                case Outcome.Sent: Interlocked.Increment(ref tally.Sent); break;
                case Outcome.Failed: Interlocked.Increment(ref tally.Failed); break;
                case Outcome.Skipped: Interlocked.Increment(ref tally.Skipped); break;
                case Outcome.Postponed: Interlocked.Increment(ref tally.Postponed); break;
                case Outcome.Held: Interlocked.Increment(ref tally.Held); break;
            }
        });

    /// <summary>A reminder whose sweeper stopped before settling it.</summary>
    private async Task<Outcome> RecoverAsync(DueReminder reminder, CancellationToken ct)
    {
        var record = await _store.GetRecordAsync(reminder, ct);
        switch (record?.Mark)
        {
            case null or ReminderMark.Failed:
                return await SendAsync(reminder, ct);
            case ReminderMark.Sent:
                return await SettleAsync(reminder, record, Outcome.Sent, ct);
            case ReminderMark.Skipped:
                await _store.FinishAsync(reminder, null, default, ct);
                return Outcome.Skipped;
            case ReminderMark.Unknown:
                await _store.HoldAsync(reminder, ct);
                return Outcome.Held;
        }

        // Claimed, then the sweeper stopped, or is only slow: the outbox says how far the SMS got.
        var sent = record.SmsId is { } id ? await _outbox.FateOfAsync(id, ct) : null;
        if (record.SmsId is { } slow && sent?.Status is null or SmsDeliveryStatus.Queued)
        {
            // Not handed to a provider yet: its sweeper may still be waiting for its turn at the fleet's rate, past
            // its lease. Fence the SMS off first, so that sweeper never sends it; if it reached a provider meanwhile, its fate decides.
            sent = await _outbox.TakeOverAsync(slow, ct);
            if (!SmsOutbox.IsTakenOver(sent)) return await RecoverAsync(reminder, ct);
        }
        switch (sent?.Status)
        {
            case null or SmsDeliveryStatus.Queued or SmsDeliveryStatus.Failed:
                // Never handed to a provider (or refused by every one): nothing went out.
                await _store.SetRecordAsync(reminder, record with { Mark = ReminderMark.Failed, Note = "stopped before sending" }, ct);
                return await SendAsync(reminder, ct);
            case SmsDeliveryStatus.Sent or SmsDeliveryStatus.Delivered:
                return await SettleAsync(reminder, record with { Mark = ReminderMark.Sent, Note = "settled from the outbox" }, Outcome.Sent, ct);
        }

        // Submitting: the provider may or may not have taken it.
        _logger.LogWarning("Reminder {Reminder} to {Phone}: fate unknown after its sweeper stopped; policy {Policy}",
            reminder.Masked, Mask.Phone(sent.To), _options.UnknownFate);
        switch (_options.UnknownFate)
        {
            case UnknownFatePolicy.AssumeSent:
                return await SettleAsync(reminder, record with { Mark = ReminderMark.Sent, Note = "assumed sent (fate unknown)" }, Outcome.Sent, ct);
            case UnknownFatePolicy.Resend:
                await _store.SetRecordAsync(reminder, record with { Mark = ReminderMark.Failed, Note = "resent (fate unknown)" }, ct);
                return await SendAsync(reminder, ct);
            default:
                await _store.SetRecordAsync(reminder, record with { Mark = ReminderMark.Unknown, Note = "fate unknown: the host stopped while the provider had it" }, ct);
                await _store.HoldAsync(reminder, ct);
                return Outcome.Held;
        }
    }

    /// <summary>
    /// Held reminders whose fate has since become known: a delivery report matched the message (sent),
    /// or it never left (send it), or — under <see cref="UnknownFatePolicy.WaitForReport"/> — no report
    /// came in time, so it did not go (send it).
    /// </summary>
    private async Task<int> ReconcileHeldAsync(CancellationToken ct)
    {
        var settled = 0;
        var now = _clock.GetUtcNow();
        foreach (var reminder in await _store.HeldAsync(_options.BatchSize, ct))
        {
            var record = await _store.GetRecordAsync(reminder, ct);
            var sent = record?.SmsId is { } id ? await _outbox.FateOfAsync(id, ct) : null;
            var outcome = sent?.Status switch
            {
                SmsDeliveryStatus.Sent or SmsDeliveryStatus.Delivered => ReminderMark.Sent,
                SmsDeliveryStatus.Submitting when _options.UnknownFate != UnknownFatePolicy.WaitForReport
                    || record is null || now - record.At < _options.UnknownWait => (ReminderMark?)null,
                _ => ReminderMark.Failed, // never left, or no report in time: it did not go
            };
            if (outcome is null) continue;
            var done = outcome == ReminderMark.Sent
                ? await _held.CountAsSentAsync(reminder, "settled by a delivery report", ct)
                : await _held.ResendAsync(reminder, "no delivery report: sent again", ct);
            if (done) settled++;
        }
        return settled;
    }

    private async Task<Outcome> SendAsync(DueReminder reminder, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var document = await FindAsync(reminder.DocumentKey, ct);
        if (document is not { Status: DocumentStatus.ReadyForCollection })
            return await SkipAsync(reminder, document is null ? "not in the register" : $"document is {document.Status}", ct);
        if (reminder.Sequence >= _policy.Count)
            return await SkipAsync(reminder, "past the last reminder", ct);
        if (_policy.IsQuiet(now))
        {
            await _store.PostponeAsync(reminder, _policy.NextAllowed(now), ct);
            return Outcome.Postponed;
        }
        string? phone = null;
        foreach (var candidate in document.Phones)
            if (!await _optOuts.IsOptedOutAsync(candidate, ct)) { phone = candidate; break; }
        if (phone is null) return await SkipAsync(reminder, "opted out (STOP)", ct);

        var smsId = Guid.NewGuid().ToString("N");
        if (await _store.TryClaimAsync(reminder, smsId, now, ct) is not { } attempts)
        {
            // Someone else has it (or had it): settle by its record, never send a second time.
            var record = await _store.GetRecordAsync(reminder, ct);
            if (record?.Mark is ReminderMark.Sent) return await SettleAsync(reminder, record, Outcome.Sent, ct);
            if (record?.Mark is ReminderMark.Skipped) return await SkipAsync(reminder, record.Note ?? "skipped", ct);
            return Outcome.Held; // still being sent elsewhere: its lease decides
        }

        var language = await _profiles.GetLanguageAsync(phone, ct) ?? Language.En;
        var text = ReminderMessage.Compose(_content, document, reminder.Sequence, language);
        var result = await _sms.SendAsync(new OutboundSms(phone, text, Purpose, smsId, reminder.Member), ct);
        if (result.Error == SmsOutbox.TakenOver)
        {
            // Our lease ran out before the provider had it, and another sweeper has sent it: it is theirs now.
            _logger.LogInformation("Reminder {Reminder} to {Phone}: taken over by another sweeper before it was handed to a provider; not sent here",
                reminder.Masked, Mask.Phone(phone));
            return Outcome.Held;
        }
        if (result.Accepted)
            return await SettleAsync(reminder, new ReminderRecord(ReminderMark.Sent, attempts, _clock.GetUtcNow(), smsId), Outcome.Sent, ct);

        var giveUp = attempts >= _options.MaxAttempts || result.Error?.Contains("opted out") == true;
        await _store.SetRecordAsync(reminder, new ReminderRecord(ReminderMark.Failed, attempts, _clock.GetUtcNow(), smsId, result.Error), ct);
        if (giveUp)
        {
            await _store.FinishAsync(reminder, Next(reminder, _clock.GetUtcNow()), NextDue(reminder, _clock.GetUtcNow()), ct);
            await _campaigns.ReminderFailedAsync(reminder.DocumentKey, ct);
        }
        else await _store.PostponeAsync(reminder, _policy.NextAllowed(_clock.GetUtcNow() + _options.RetryAfter), ct);
        _logger.LogWarning("Reminder {Reminder} to {Phone} refused ({Attempt} of {Max}): {Error}",
            reminder.Masked, Mask.Phone(phone), attempts, _options.MaxAttempts, result.Error);
        return Outcome.Failed;
    }

    /// <summary>Marks the reminder sent and queues the next, timed from when this one went out.</summary>
    private async Task<Outcome> SettleAsync(DueReminder reminder, ReminderRecord record, Outcome outcome, CancellationToken ct)
    {
        await _store.SetRecordAsync(reminder, record, ct);
        await _store.FinishAsync(reminder, Next(reminder, record.At), NextDue(reminder, record.At), ct);
        await _campaigns.ReminderSentAsync(reminder.DocumentKey, ct);
        return outcome;
    }

    private async Task<Outcome> SkipAsync(DueReminder reminder, string why, CancellationToken ct)
    {
        var existing = await _store.GetRecordAsync(reminder, ct);
        // A reminder that went out stays "sent" whatever happens to the document afterwards.
        if (existing?.Mark is not (ReminderMark.Sent or ReminderMark.Sending))
            await _store.SetRecordAsync(reminder, new ReminderRecord(ReminderMark.Skipped, existing?.Attempts ?? 0, _clock.GetUtcNow(), Note: why), ct);
        await _store.FinishAsync(reminder, null, default, ct);
        return Outcome.Skipped;
    }

    private DueReminder? Next(DueReminder reminder, DateTimeOffset sentAt) =>
        _policy.NextAfter(sentAt, reminder.Sequence) is null ? null : reminder with { Sequence = reminder.Sequence + 1 };

    private DateTimeOffset NextDue(DueReminder reminder, DateTimeOffset sentAt) => _policy.NextAfter(sentAt, reminder.Sequence) ?? default;

    private Task<RegisteredDocument?> FindAsync(string documentKey, CancellationToken ct) =>
        RegisteredDocument.TryParseKey(documentKey) is { } key ? _register.FindAsync(key.Type, key.Number, ct) : Task.FromResult<RegisteredDocument?>(null);
}
