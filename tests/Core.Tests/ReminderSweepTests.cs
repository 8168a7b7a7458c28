using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Tests;

/// <summary>
/// The reminder machinery on a fake clock: register updates, the queue, the sweep, the real SMS
/// dispatcher and the simulator provider. In memory unless a Redis connection is given.
/// </summary>
public sealed class ReminderRig
{
    public static readonly TimeSpan Eat = TimeSpan.FromHours(3);
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, Eat));
    public ContentBundle Content { get; } = ShippedContent.Load();
    public IStateStore Store { get; }
    public IDocumentRegister Register { get; }
    public IReminderStore Reminders { get; }
    public ReminderOptions Options { get; }
    public OptOutList OptOuts { get; }
    public PhoneProfiles Profiles { get; }
    public SmsOutbox Outbox { get; }
    public SimulatorSmsSender Provider { get; }
    public DocumentUpdates Updates { get; }
    internal CampaignStats Stats { get; }
    public Huduma.Contact.Core.State.DailyCounters Daily { get; }
    public Campaigns Campaigns => new(Store, Register, Reminders, new ReminderPolicy(Options), Stats, Clock, NullLogger<Campaigns>.Instance);

    public ReminderRig(IConnectionMultiplexer? redis = null, ReminderOptions? options = null)
    {
        Store = redis is null ? new InMemoryStateStore(Clock) : new RedisStateStore(redis);
        Register = redis is null ? new InMemoryDocumentRegister() : new RedisDocumentRegister(redis);
        Reminders = redis is null ? new InMemoryReminderStore() : new RedisReminderStore(redis);
        Options = options ?? new ReminderOptions();
        OptOuts = new OptOutList(Store, Clock);
        Profiles = new PhoneProfiles(Store);
        Provider = new SimulatorSmsSender(Store, Clock);
        Daily = new Huduma.Contact.Core.State.DailyCounters(Store, Clock);
        Stats = new CampaignStats(Store, Daily);
        Outbox = new SmsOutbox(Store, Clock, [Stats]);
        Updates = new DocumentUpdates(Register, Reminders, new ReminderPolicy(Options), Options, Stats, Clock);
    }

    internal ReminderSweep Sweep(params ISmsProvider[] providers) => Sweep(null, providers);

    internal ReminderSweep Sweep(IReadOnlyDictionary<string, System.Threading.RateLimiting.RateLimiter>? rateLimits, params ISmsProvider[] providers) =>
        new(Reminders, new ReminderPolicy(Options), Options, Register, OptOuts, Profiles, Content,
            new SmsDispatcher(providers.Length > 0 ? providers : [Provider], Outbox, OptOuts, NullLogger<SmsDispatcher>.Instance, rateLimits),
            Outbox, Stats, new HeldReminders(Reminders, new ReminderPolicy(Options), Clock, NullLogger<HeldReminders>.Instance),
            Clock, NullLogger<ReminderSweep>.Instance);

    public Task<SweepReport> SweepAsync() => Sweep().RunAsync();

    public async Task<IReadOnlyList<SimulatedSms>> SentTo(string phone) =>
        (await Provider.InboxAsync(phone, 100)).Where(m => m.Purpose == ReminderSweep.Purpose).Reverse().ToList();

    public static RegisteredDocument Document(int i, DocumentStatus status = DocumentStatus.ReadyForCollection, string? phone = null) => new()
    {
        Type = "national_id", Number = (30_000_000 + i).ToString(), HolderName = "Achieng Ouma", Phones = [phone ?? Phone(i)],
        CentreId = "nairobi-gpo", Status = status, WaitingCardRef = "WC555111",
        AppliedOn = new DateOnly(2026, 10, 1), ReadyOn = status == DocumentStatus.InProcess ? null : new DateOnly(2026, 11, 27),
    };

    public static string Phone(int i) => $"+2547220{i:D5}";

    public void At(int day, int hour, int minute = 0) => Clock.SetUtcNow(new DateTimeOffset(2026, 11, day, hour, minute, 0, Eat));
}

public sealed class ReminderSweepTests
{
    private readonly ReminderRig _rig = new();
    private const string Phone = "+254722000001";

    private async Task BecomesReadyAsync(int i = 1)
    {
        await _rig.Updates.ApplyAsync(ReminderRig.Document(i, DocumentStatus.InProcess));
        await _rig.Updates.ApplyAsync(ReminderRig.Document(i));
    }

    [Fact]
    public async Task A_document_that_becomes_ready_gets_one_sms_naming_the_centre_its_hours_and_what_to_bring()
    {
        await BecomesReadyAsync();
        _rig.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await _rig.SweepAsync()).Sent);
        Assert.Equal(0, (await _rig.SweepAsync()).Total);

        var sms = Assert.Single(await _rig.SentTo(Phone));
        var centre = _rig.Content.Centre("nairobi-gpo")!;
        var id = _rig.Content.Document("national_id")!;
        Assert.Contains(centre.Name, sms.Text);
        Assert.Contains(centre.Hours![Language.En], sms.Text);
        Assert.Contains(id.Collect![Language.En], sms.Text);
        Assert.Contains("0001", sms.Text);
        Assert.DoesNotContain("30000001", sms.Text);
        Assert.Contains(_rig.Content.Prompt(PromptKeys.Unconfirmed, Language.En), sms.Text);
        Assert.Contains("STOP", sms.Text);
    }

    [Fact]
    public async Task A_document_ready_at_20_00_is_reminded_at_08_00_and_not_before()
    {
        _rig.At(27, 20, 0);
        await BecomesReadyAsync();
        _rig.At(27, 20, 5);
        Assert.Equal(0, (await _rig.SweepAsync()).Sent);
        _rig.At(28, 7, 59);
        Assert.Equal(0, (await _rig.SweepAsync()).Sent);
        _rig.At(28, 8, 0);
        Assert.Equal(1, (await _rig.SweepAsync()).Sent);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, ReminderRig.Eat), Assert.Single(await _rig.SentTo(Phone)).SentAt);
    }

    [Fact]
    public async Task A_reminder_found_due_in_the_quiet_hours_is_postponed_to_the_morning()
    {
        _rig.At(27, 19, 58);
        await BecomesReadyAsync(); // due at 19:59
        _rig.At(27, 20, 0); // the sweep ran late
        var report = await _rig.SweepAsync();
        Assert.Equal((0, 1), (report.Sent, report.Postponed));
        _rig.At(28, 8, 0);
        Assert.Equal(1, (await _rig.SweepAsync()).Sent);
    }

    [Fact]
    public async Task Reminders_follow_the_schedule_until_the_limit()
    {
        await BecomesReadyAsync();
        var start = _rig.Clock.GetUtcNow();
        foreach (var day in new[] { 0, 6, 7, 29, 30, 59, 60, 90, 200 })
        {
            _rig.Clock.SetUtcNow(start.AddDays(day).AddMinutes(2));
            await _rig.SweepAsync();
        }
        var sent = await _rig.SentTo(Phone);
        Assert.Equal([0, 7, 30, 60], sent.Select(s => (int)Math.Round((s.SentAt - start).TotalDays)));
        Assert.Contains("READY", sent[0].Text);
        Assert.All(sent.Skip(1), s => Assert.Contains("still waiting", s.Text));
        Assert.False(await _rig.Reminders.IsQueuedAsync(ReminderRig.Document(1).Key));
        // Each day a reminder went out counts one for the supervisors' dashboard.
        var daily = _rig.Daily;
        var first = DateOnly.FromDateTime(sent[0].SentAt.ToOffset(Huduma.Contact.Core.State.DailyCounters.Nairobi).DateTime);
        var days = await daily.DaysAsync(Huduma.Contact.Core.State.DailyCounters.RemindersSent, first, first.AddDays(60));
        Assert.Equal(4, days.Sum());
        Assert.Equal([1L, 1L, 1L, 1L], new[] { 0, 7, 30, 60 }.Select(d => days[d]));
    }

    [Fact]
    public async Task A_citizen_who_sent_STOP_gets_no_reminder()
    {
        await BecomesReadyAsync();
        await _rig.OptOuts.OptOutAsync(Phone);
        _rig.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await _rig.SweepAsync()).Skipped);
        _rig.Clock.Advance(TimeSpan.FromDays(8));
        await _rig.SweepAsync();
        Assert.Empty(await _rig.SentTo(Phone));
        var record = await _rig.Reminders.GetRecordAsync(new DueReminder(ReminderRig.Document(1).Key, 0));
        Assert.Equal((ReminderMark.Skipped, "opted out (STOP)"), (record?.Mark, record?.Note));
    }

    [Fact]
    public async Task A_document_collected_before_its_reminder_gets_none_and_no_more()
    {
        await BecomesReadyAsync();
        _rig.Clock.Advance(TimeSpan.FromMinutes(2));
        await _rig.SweepAsync();
        await _rig.Updates.ApplyAsync(ReminderRig.Document(1, DocumentStatus.Collected) with { CollectedOn = new DateOnly(2026, 11, 30) });
        _rig.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, (await _rig.SweepAsync()).Skipped);
        Assert.Single(await _rig.SentTo(Phone));
    }

    [Fact]
    public async Task Applying_the_same_document_again_changes_nothing_and_sends_nothing_more()
    {
        await BecomesReadyAsync();
        Assert.Equal(UpdateOutcome.Unchanged, await _rig.Updates.ApplyAsync(ReminderRig.Document(1)));
        _rig.Clock.Advance(TimeSpan.FromMinutes(2));
        await _rig.SweepAsync();
        Assert.Equal(UpdateOutcome.Unchanged, await _rig.Updates.ApplyAsync(ReminderRig.Document(1)));
        await _rig.SweepAsync();
        Assert.Single(await _rig.SentTo(Phone));
    }

    [Fact]
    public async Task The_backlog_is_left_to_campaigns_but_a_newly_ready_document_is_reminded()
    {
        // First seen already ready, a month ago: backlog. First seen ready today: new.
        await _rig.Updates.ApplyAsync(ReminderRig.Document(1) with { ReadyOn = new DateOnly(2026, 10, 27) });
        await _rig.Updates.ApplyAsync(ReminderRig.Document(2));
        _rig.Clock.Advance(TimeSpan.FromMinutes(2));
        await _rig.SweepAsync();
        Assert.Empty(await _rig.SentTo(ReminderRig.Phone(1)));
        Assert.Single(await _rig.SentTo(ReminderRig.Phone(2)));
    }

    [Fact]
    public async Task A_reminder_goes_out_in_the_language_the_citizen_chose()
    {
        await _rig.Profiles.SetLanguageAsync(Phone, Language.Sw);
        await BecomesReadyAsync();
        _rig.Clock.Advance(TimeSpan.FromMinutes(2));
        await _rig.SweepAsync();
        var sms = Assert.Single(await _rig.SentTo(Phone));
        Assert.Contains("TAYARI", sms.Text);
        Assert.Contains(_rig.Content.Centre("nairobi-gpo")!.Hours![Language.Sw], sms.Text);
    }

    // A sweeper that dies leaves its lease to run out; what the next sweep does depends on how far it got.

    private async Task<(DueReminder Reminder, string SmsId)> DieAfterClaimingAsync()
    {
        await BecomesReadyAsync();
        _rig.Clock.Advance(TimeSpan.FromMinutes(2));
        var now = _rig.Clock.GetUtcNow();
        var reminder = Assert.Single(await _rig.Reminders.LeaseAsync(now, 10, now + _rig.Options.Lease));
        Assert.Equal(1, await _rig.Reminders.TryClaimAsync(reminder, "sms-1", now));
        return (reminder, "sms-1");
    }

    [Fact]
    public async Task A_sweeper_that_died_before_the_outbox_had_the_sms_is_taken_over_and_the_reminder_sent_once()
    {
        var (reminder, _) = await DieAfterClaimingAsync();
        Assert.Equal(0, (await _rig.SweepAsync()).Total); // its lease is still running
        _rig.Clock.Advance(_rig.Options.Lease + TimeSpan.FromSeconds(1));
        var report = await _rig.SweepAsync();
        Assert.Equal((1, 1), (report.Recovered, report.Sent));
        Assert.Single(await _rig.SentTo(Phone));
        Assert.Equal(ReminderMark.Sent, (await _rig.Reminders.GetRecordAsync(reminder))?.Mark);
    }

    [Fact]
    public async Task A_sweeper_that_died_after_the_provider_took_the_sms_is_settled_as_sent_without_sending_again()
    {
        var (reminder, smsId) = await DieAfterClaimingAsync();
        var record = await _rig.Outbox.RecordAsync(new OutboundSms(Phone, "sent before the crash", ReminderSweep.Purpose, smsId));
        record.Status = SmsDeliveryStatus.Sent;
        await _rig.Outbox.SaveAsync(record);
        _rig.Clock.Advance(_rig.Options.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await _rig.SweepAsync()).Sent);
        Assert.Empty(await _rig.SentTo(Phone));
        Assert.True(await _rig.Reminders.IsQueuedAsync(reminder.DocumentKey)); // the next one, in 7 days
    }

    /// <summary>The sweeper died while handing the SMS to the provider: it may or may not have gone.</summary>
    private async Task<(DueReminder Reminder, string SmsId)> DieWhileSubmittingAsync()
    {
        var (reminder, smsId) = await DieAfterClaimingAsync();
        var record = await _rig.Outbox.RecordAsync(new OutboundSms(Phone, "in flight at the crash", ReminderSweep.Purpose, smsId));
        await _rig.Outbox.SubmittingAsync([record]);
        _rig.Clock.Advance(_rig.Options.Lease + TimeSpan.FromSeconds(1));
        return (reminder, smsId);
    }

    [Theory]
    [InlineData(UnknownFatePolicy.Hold, 0, 1)]
    [InlineData(UnknownFatePolicy.WaitForReport, 0, 1)]
    [InlineData(UnknownFatePolicy.AssumeSent, 0, 0)]
    [InlineData(UnknownFatePolicy.Resend, 1, 0)]
    public async Task A_reminder_whose_fate_is_unknown_is_settled_by_the_policy(UnknownFatePolicy policy, int sentAgain, int held)
    {
        _rig.Options.UnknownFate = policy;
        var (reminder, _) = await DieWhileSubmittingAsync();
        var report = await _rig.SweepAsync();
        Assert.Equal(held, report.Held);
        Assert.Equal(sentAgain, (await _rig.SentTo(Phone)).Count);
        Assert.Equal(held, (await _rig.Reminders.HeldAsync(10)).Count);
        if (held == 1) Assert.Equal(ReminderMark.Unknown, (await _rig.Reminders.GetRecordAsync(reminder))?.Mark);
    }

    [Fact]
    public async Task A_held_reminder_whose_delivery_report_arrives_is_counted_as_sent_and_not_sent_again()
    {
        var (reminder, _) = await DieWhileSubmittingAsync();
        await _rig.SweepAsync();
        // The provider had it: its delivery report names an id we never recorded, and the phone. It is
        // kept, and the next sweep finds it for the message left "submitting" to that phone.
        Assert.Null(await _rig.Outbox.ReportAsync("africastalking", "ATXid_lost", SmsDeliveryStatus.Delivered, null, phone: Phone));
        await _rig.SweepAsync();
        Assert.Empty(await _rig.Reminders.HeldAsync(10));
        Assert.Empty(await _rig.SentTo(Phone));
        var record = await _rig.Reminders.GetRecordAsync(reminder);
        Assert.Equal((ReminderMark.Sent, "settled by a delivery report"), (record?.Mark, record?.Note));
        Assert.True(await _rig.Reminders.IsQueuedAsync(reminder.DocumentKey)); // the next, in 7 days
    }

    [Fact]
    public async Task A_held_reminder_with_no_delivery_report_in_time_did_not_go_and_is_sent_once()
    {
        await DieWhileSubmittingAsync();
        await _rig.SweepAsync();
        _rig.Clock.Advance(_rig.Options.UnknownWait - TimeSpan.FromMinutes(10));
        await _rig.SweepAsync();
        Assert.Empty(await _rig.SentTo(Phone));
        _rig.Clock.Advance(TimeSpan.FromMinutes(11));
        await _rig.SweepAsync();
        Assert.Single(await _rig.SentTo(Phone));
        Assert.Empty(await _rig.Reminders.HeldAsync(10));
    }

    [Fact]
    public async Task A_sweeper_that_died_with_the_sms_still_queued_in_the_outbox_never_handed_it_over_so_it_is_sent()
    {
        var (_, smsId) = await DieAfterClaimingAsync();
        await _rig.Outbox.RecordAsync(new OutboundSms(Phone, "waiting for the rate limit", ReminderSweep.Purpose, smsId));
        _rig.Clock.Advance(_rig.Options.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await _rig.SweepAsync()).Sent);
        Assert.Single(await _rig.SentTo(Phone));
    }

    [Fact]
    public async Task A_sweeper_still_waiting_for_its_turn_at_the_rate_limit_when_its_lease_ran_out_does_not_send_what_another_took_over()
    {
        await BecomesReadyAsync();
        _rig.Clock.Advance(TimeSpan.FromMinutes(2));
        // The first sweeper claims the reminder, queues its SMS in the outbox and waits for the fleet's rate
        // (a backlog after a failover, say) for longer than its lease.
        var gate = new GatedRateLimiter();
        var slow = Task.Run(() => _rig.Sweep(new Dictionary<string, System.Threading.RateLimiting.RateLimiter> { [_rig.Provider.Name] = gate }).RunAsync());
        await gate.Waiting.WaitAsync(TimeSpan.FromSeconds(10));
        _rig.Clock.Advance(_rig.Options.Lease + TimeSpan.FromSeconds(1));
        var takeover = await _rig.SweepAsync();
        Assert.Equal((1, 1), (takeover.Recovered, takeover.Sent));

        gate.Open();
        await slow.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(await _rig.SentTo(Phone));
        var reminder = new DueReminder(ReminderRig.Document(1).Key, 0);
        Assert.Equal(ReminderMark.Sent, (await _rig.Reminders.GetRecordAsync(reminder))?.Mark);
        Assert.True(await _rig.Reminders.IsQueuedAsync(reminder.DocumentKey)); // the next one, in 7 days
    }

    [Fact]
    public async Task A_sweeper_that_claimed_but_had_not_yet_queued_its_sms_when_another_took_over_does_not_send_it()
    {
        var (_, smsId) = await DieAfterClaimingAsync();
        _rig.Clock.Advance(_rig.Options.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await _rig.SweepAsync()).Sent);
        // The first sweeper was only slow: it now queues and sends the SMS it claimed.
        var late = await new SmsDispatcher([_rig.Provider], _rig.Outbox, _rig.OptOuts, NullLogger<SmsDispatcher>.Instance)
            .SendAsync(new OutboundSms(Phone, "late", ReminderSweep.Purpose, smsId));
        Assert.False(late.Accepted);
        Assert.Equal(SmsOutbox.TakenOver, late.Error);
        Assert.Single(await _rig.SentTo(Phone));
    }

    /// <summary>A rate limiter that keeps every caller waiting until opened.</summary>
    private sealed class GatedRateLimiter : System.Threading.RateLimiting.RateLimiter
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Waiting => _waiting.Task;
        public void Open() => _open.TrySetResult();
        public override TimeSpan? IdleDuration => null;
        public override System.Threading.RateLimiting.RateLimiterStatistics? GetStatistics() => null;
        protected override System.Threading.RateLimiting.RateLimitLease AttemptAcquireCore(int permitCount) => throw new NotSupportedException();
        protected override async ValueTask<System.Threading.RateLimiting.RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct)
        {
            _waiting.TrySetResult();
            await _open.Task.WaitAsync(ct);
            return new Granted();
        }

        private sealed class Granted : System.Threading.RateLimiting.RateLimitLease
        {
            public override bool IsAcquired => true;
            public override IEnumerable<string> MetadataNames => [];
            public override bool TryGetMetadata(string metadataName, out object? metadata) { metadata = null; return false; }
        }
    }

    [Fact]
    public async Task A_refused_reminder_is_tried_again_later_and_given_up_after_the_last_attempt()
    {
        await BecomesReadyAsync();
        _rig.Clock.Advance(TimeSpan.FromMinutes(2));
        var refusing = new RefusingProvider();
        for (var i = 0; i < 5; i++)
        {
            await _rig.Sweep(refusing).RunAsync();
            _rig.Clock.Advance(_rig.Options.RetryAfter);
        }
        Assert.Equal(_rig.Options.MaxAttempts, refusing.Calls);
        var record = await _rig.Reminders.GetRecordAsync(new DueReminder(ReminderRig.Document(1).Key, 0));
        Assert.Equal((ReminderMark.Failed, _rig.Options.MaxAttempts), (record?.Mark, record?.Attempts));
    }

    private sealed class RefusingProvider : ISmsProvider
    {
        public int Calls;
        public string Name => "refusing";
        public Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(new SmsSendResult(false, Name, Error: "InsufficientBalance"));
        }
    }
}

/// <summary>Two hosts sweeping one Redis at the same time.</summary>
public sealed class ConcurrentSweepTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Two_sweepers_at_once_send_each_due_reminder_exactly_once()
    {
        var rig = new ReminderRig(redis.Connection, new ReminderOptions { BatchSize = 25 });
        const int documents = 300;
        for (var i = 0; i < documents; i++) await rig.Updates.ApplyAsync(ReminderRig.Document(i));
        rig.Clock.Advance(TimeSpan.FromMinutes(2));

        var reports = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => rig.Sweep().RunAsync())));
        // (Which sweeper takes how many depends on the scheduler: on a busy machine one may take them all.)
        Assert.Equal(documents, reports.Sum(r => r.Sent));
        var sent = await rig.Store.RecentAsync<SimulatedSms>(SimulatorSmsSender.OutboxKey, 1000);
        Assert.Equal(documents, sent.Count);
        Assert.Equal(documents, sent.Select(s => s.To).Distinct().Count());
    }
}
