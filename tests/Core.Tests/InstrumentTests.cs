using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;
using Huduma.Contact.Sms;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huduma.Contact.Core.Tests;

/// <summary>The product's instruments where they are recorded, read with MetricCollector (each test its own meters).</summary>
public sealed class InstrumentTests : IDisposable
{
    private readonly TestMeters _meters = new();
    private readonly EngineHarness _h = new();

    public void Dispose() => _meters.Dispose();

    private MetricCollector<long> Collect(string instrument) => new(_meters, HudumaMeter.Name, instrument);

    private static long Count(MetricCollector<long> collector, params (string Tag, string Value)[] tags) =>
        collector.GetMeasurementSnapshot().Where(m => tags.All(t => m.Tags.TryGetValue(t.Tag, out var v) && (string?)v == t.Value)).Sum(m => m.Value);

    [Fact]
    public async Task A_status_lookup_counts_found_not_found_or_refused_by_what_the_register_holds_and_the_channel_it_came_from()
    {
        using var outcomes = Collect("huduma.dialog.outcomes");
        var lookup = new StatusLookup(_h.Register, new LookupRateLimit(_h.Store, TimeProvider.System, new LookupRateLimitOptions()), _h.Content,
            new DialogOutcomes(_meters));
        var doc = EngineHarness.ReadyId;
        await _h.Register.UpsertAsync(doc);
        var holder = doc.Phones[0];

        await lookup.LookUpAsync("ussd", holder, holder, doc.Type, doc.Number, null, Language.En);                       // the holder's phone
        await lookup.LookUpAsync("sms", "+254700000001", "+254700000001", doc.Type, doc.Number, null, Language.En);      // a stranger, no reference
        await lookup.LookUpAsync("sms", "+254700000001", "+254700000001", doc.Type, doc.Number, "WC000000", Language.En); // a wrong reference
        await lookup.LookUpAsync("chat", "chat:c1", null, doc.Type, doc.Number, doc.WaitingCardRef, Language.En);         // the right one
        await lookup.LookUpAsync("voice", "+254700000002", "+254700000002", doc.Type, "11112222", null, Language.En);    // no such document
        await lookup.LookUpAsync("voice", "+254700000002", "+254700000002", doc.Type, "11112222", "WC000000", Language.En);

        Assert.Equal(1, Count(outcomes, ("channel", "ussd"), ("outcome", DialogOutcomes.StatusFound)));
        Assert.Equal(2, Count(outcomes, ("channel", "sms"), ("outcome", DialogOutcomes.StatusRefused)));
        Assert.Equal(1, Count(outcomes, ("channel", "chat"), ("outcome", DialogOutcomes.StatusFound)));
        Assert.Equal(2, Count(outcomes, ("channel", "voice"), ("outcome", DialogOutcomes.StatusNotFound)));
        Assert.Equal(6, Count(outcomes));
    }

    [Fact]
    public async Task A_rate_limited_lookup_counts_as_refused()
    {
        using var outcomes = Collect("huduma.dialog.outcomes");
        var lookup = new StatusLookup(_h.Register, new LookupRateLimit(_h.Store, TimeProvider.System, new LookupRateLimitOptions()), _h.Content,
            new DialogOutcomes(_meters));
        var doc = EngineHarness.ReadyId;
        await _h.Register.UpsertAsync(doc);
        var holder = doc.Phones[0];
        StatusLookupResult last;
        do last = await lookup.LookUpAsync("ussd", holder, holder, doc.Type, doc.Number, null, Language.En);
        while (last is StatusLookupResult.Answer);

        Assert.IsType<StatusLookupResult.RateLimited>(last);
        Assert.Equal(1, Count(outcomes, ("channel", "ussd"), ("outcome", DialogOutcomes.StatusRefused)));
    }

    [Fact]
    public async Task Opening_a_ticket_counts_a_handoff_or_a_call_back_by_its_channel_and_changes_to_it_count_nothing()
    {
        using var outcomes = Collect("huduma.dialog.outcomes");
        var store = new AnnouncedEscalations(_h.Escalations, () => [new DialogOutcomes(_meters)]);
        var agent = await store.CreateAsync(new NewEscalation("sms", "+254722000111", "en", "sms-agent", []));
        await store.CreateAsync(new NewEscalation("ussd", "+254722000111", "en", EscalationReasons.Callback, []));
        await store.CreateAsync(new NewEscalation("chat", null, "en", "chat-handoff", []));
        await new EscalationDesk(store, TimeProvider.System).ClaimAsync(agent.Reference, "agent-1");

        Assert.Equal(1, Count(outcomes, ("channel", "sms"), ("outcome", DialogOutcomes.Handoff)));
        Assert.Equal(1, Count(outcomes, ("channel", "ussd"), ("outcome", DialogOutcomes.Callback)));
        Assert.Equal(1, Count(outcomes, ("channel", "chat"), ("outcome", DialogOutcomes.Handoff)));
        Assert.Equal(3, Count(outcomes));
    }

    [Fact]
    public async Task A_reminder_sent_counts_for_its_campaign_or_none()
    {
        using var sent = Collect("huduma.reminders.sent");
        using var daily = new DailyCounters(_h.Store, TimeProvider.System);
        var stats = new CampaignStats(_h.Store, daily, new ReminderMetrics(_meters));
        await stats.JoinAsync("national_id:23456789", "november-ids");
        await stats.ReminderSentAsync("national_id:23456789");
        await stats.ReminderSentAsync("national_id:34567890");

        Assert.Equal(1, Count(sent, ("campaign", "november-ids")));
        Assert.Equal(1, Count(sent, ("campaign", ReminderMetrics.NoCampaign)));
    }

    [Fact]
    public async Task A_message_one_provider_refuses_and_the_next_takes_counts_rejected_at_the_first_and_sent_at_the_second()
    {
        using var sent = Collect("huduma.sms.sent");
        using var failed = Collect("huduma.sms.failed");
        using var calls = new MetricCollector<double>(_meters, HudumaMeter.Name, "huduma.sms.provider.duration");
        var outbox = new SmsOutbox(_h.Store, TimeProvider.System);
        var dispatcher = new SmsDispatcher([new Refusing(), new Accepting()], outbox, new OptOutList(_h.Store, TimeProvider.System),
            NullLogger<SmsDispatcher>.Instance, metrics: new SmsMetrics(_meters));

        Assert.True((await dispatcher.SendAsync(new OutboundSms("+254722000111", "Your ID is ready.", "test"))).Accepted);

        Assert.Equal(1, Count(failed, ("provider", "refusing"), ("reason", SmsMetrics.Rejected)));
        Assert.Equal(1, Count(sent, ("provider", "accepting")));
        Assert.Equal(0, Count(sent, ("provider", "refusing")));
        var timed = calls.GetMeasurementSnapshot();
        Assert.Equal(["refusing:refused", "accepting:accepted"], timed.Select(m => $"{m.Tags["provider"]}:{m.Tags["outcome"]}"));
    }

    [Fact]
    public async Task A_delivery_report_counts_delivered_or_undelivered_for_the_provider_that_took_the_message()
    {
        using var delivered = Collect("huduma.sms.delivered");
        using var failed = Collect("huduma.sms.failed");
        var outbox = new SmsOutbox(_h.Store, TimeProvider.System, [new SmsMetrics(_meters)]);
        var dispatcher = new SmsDispatcher([new Accepting()], outbox, new OptOutList(_h.Store, TimeProvider.System), NullLogger<SmsDispatcher>.Instance);
        var first = await dispatcher.SendAsync(new OutboundSms("+254722000111", "one", "test"));
        var second = await dispatcher.SendAsync(new OutboundSms("+254722000112", "two", "test"));

        await outbox.ReportAsync("accepting", first.ProviderMessageId!, SmsDeliveryStatus.Delivered, null);
        await outbox.ReportAsync("accepting", first.ProviderMessageId!, SmsDeliveryStatus.Delivered, null); // a repeated report
        await outbox.ReportAsync("accepting", second.ProviderMessageId!, SmsDeliveryStatus.Failed, "AbsentSubscriber");

        Assert.Equal(1, Count(delivered, ("provider", "accepting")));
        Assert.Equal(1, Count(failed, ("provider", "accepting"), ("reason", SmsMetrics.Undelivered)));
    }

    private sealed class Refusing : ISmsProvider
    {
        public string Name => "refusing";
        public Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default) =>
            Task.FromResult(new SmsSendResult(false, Name, Error: "403 InvalidPhoneNumber"));
    }

    [Fact]
    public async Task A_handoff_its_provider_retries_is_counted_once()
    {
        using var outcomes = Collect("huduma.dialog.outcomes");
        var store = new AnnouncedEscalations(new InMemoryEscalationStore(TimeProvider.System), () => [new DialogOutcomes(_meters)]);
        var request = new NewEscalation("voice", "+254722000006", "en", "voice-agent", [], IdempotencyKey: "voice:twilio:CA1:voice-agent");

        await store.CreateAsync(request);
        await store.CreateAsync(request);

        Assert.Equal(1, Count(outcomes, ("channel", "voice"), ("outcome", DialogOutcomes.Handoff)));
    }

    private sealed class Accepting : ISmsProvider
    {
        public string Name => "accepting";
        public Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default) =>
            Task.FromResult(new SmsSendResult(true, Name, "id-" + Guid.NewGuid().ToString("N")));
    }
}
