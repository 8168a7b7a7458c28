using System.Net.Http;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Sms.Tests;

/// <summary>
/// The outbound queue's drain on a real Redis: a reply handed out again (its host died before acknowledging,
/// or it was queued twice) is recognised by its outbox record and not sent twice; one the provider may
/// have taken waits for its delivery report; one refused is sent once the provider is back (issue 22, item 5).
/// </summary>
public sealed class SmsQueueDrainTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Provider = "africastalking";
    private readonly RedisStateStore _store = new(redis.Connection);
    private readonly RedisSmsQueue _queue = new(redis.Connection);
    private readonly ScriptedProvider _provider = new();
    private static readonly SmsQueueOptions Quick = new() { ClaimAfter = TimeSpan.FromSeconds(1), UnknownWait = TimeSpan.FromMinutes(10) };

    public Task InitializeAsync() => redis.DeleteKeysAsync("huduma:sms:queue:*");
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A provider whose next answers the test sets: take the message, take it and say nothing (a time-out), or be unreachable.</summary>
    private sealed class ScriptedProvider : ISmsProvider
    {
        public string Name => Provider;
        public List<string> Taken { get; } = [];
        public Queue<string> Script { get; } = new();
        private int _n;

        public Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default)
        {
            switch (Script.TryDequeue(out var next) ? next : "take")
            {
                case "silent":
                    lock (Taken) Taken.Add(message.To);
                    throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 5 seconds elapsing.");
                case "down":
                    throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:9)");
                default:
                    lock (Taken) Taken.Add(message.To);
                    return Task.FromResult(new SmsSendResult(true, Name, $"ATXid_{Guid.NewGuid():N}_{Interlocked.Increment(ref _n)}"));
            }
        }
    }

    private SmsOutbox Outbox => new(_store, TimeProvider.System);

    private SmsQueueDrain Drain(ISmsQueue? queue = null, SmsQueueOptions? options = null) =>
        new(queue ?? _queue, new SmsDispatcher([_provider], Outbox, new OptOutList(_store, TimeProvider.System), NullLogger<SmsDispatcher>.Instance),
            Outbox, _store, Options.Create(new SmsOptions { Queue = options ?? Quick }), new SmsQueueSignal(), TimeProvider.System, NullLogger<SmsQueueDrain>.Instance);

    private static OutboundSms Reply(string phone) => new(phone, "Your ID is ready.", "reply", $"reply:{Provider}:ATXid_{Guid.NewGuid():N}");

    /// <summary>A host that dies after the send is recorded, before its acknowledgement reaches Redis.</summary>
    private sealed class DiesBeforeAcknowledging(ISmsQueue inner) : ISmsQueue
    {
        public Task EnqueueAsync(OutboundSms message, CancellationToken ct = default) => inner.EnqueueAsync(message, ct);
        public Task<IReadOnlyList<QueuedSms>> ReadAsync(string consumer, int count, CancellationToken ct = default) => inner.ReadAsync(consumer, count, ct);
        public Task<IReadOnlyList<QueuedSms>> ClaimIdleAsync(string consumer, TimeSpan idle, int count, CancellationToken ct = default) =>
            inner.ClaimIdleAsync(consumer, idle, count, ct);
        public Task<int> ForgetIdleConsumersAsync(TimeSpan idle, CancellationToken ct = default) => inner.ForgetIdleConsumersAsync(idle, ct);
        public Task AcknowledgeAsync(QueuedSms entry, CancellationToken ct = default) => throw new InvalidOperationException("the host died");
        public Task<long> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
    }

    private async Task<QueuedSms> ClaimAfterIdleAsync(string consumer)
    {
        await Task.Delay(Quick.ClaimAfter + TimeSpan.FromMilliseconds(200));
        return Assert.Single(await _queue.ClaimIdleAsync(consumer, Quick.ClaimAfter, 10));
    }

    [Fact]
    public async Task A_reply_handed_out_again_after_its_host_sent_it_but_died_before_acknowledging_is_not_sent_twice()
    {
        const string Phone = "+254722000501";
        await _queue.EnqueueAsync(Reply(Phone));
        var first = Assert.Single(await _queue.ReadAsync("host-a", 10));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Drain(new DiesBeforeAcknowledging(_queue)).SettleAsync(first));
        Assert.Single(_provider.Taken);

        var again = await ClaimAfterIdleAsync("host-b");
        Assert.Equal(first.EntryId, again.EntryId);
        Assert.Equal(QueuedSmsOutcome.Sent, await Drain().SettleAsync(again));

        Assert.Single(_provider.Taken);
        Assert.Equal(0, await _queue.CountAsync());
    }

    [Fact]
    public async Task The_same_reply_queued_twice_is_sent_once_even_by_two_hosts_at_the_same_moment()
    {
        // The inbound message's done mark was lost, and the provider's retry queued its reply again.
        var reply = Reply("+254722000502");
        await _queue.EnqueueAsync(reply);
        await _queue.EnqueueAsync(reply);
        var entries = await _queue.ReadAsync("host-a", 100);
        Assert.Equal(2, entries.Count);

        var outcomes = await Task.WhenAll(Drain().SettleAsync(entries[0]), Drain().SettleAsync(entries[1]));
        Assert.Single(_provider.Taken);
        // The one that met the other's send in progress looks again later, and finds it sent.
        foreach (var left in outcomes.Select((o, i) => (o, i)).Where(x => x.o == QueuedSmsOutcome.Later))
            Assert.Equal(QueuedSmsOutcome.Sent, await Drain().SettleAsync(await ClaimAfterIdleAsync("host-b")));

        Assert.Single(_provider.Taken);
        Assert.Equal(0, await _queue.CountAsync());
    }

    [Fact]
    public async Task A_reply_the_provider_may_have_taken_waits_for_its_delivery_report_and_is_not_sent_again()
    {
        const string Phone = "+254722000503";
        var reply = Reply(Phone);
        await _queue.EnqueueAsync(reply);
        _provider.Script.Enqueue("silent");
        Assert.Equal(QueuedSmsOutcome.Later, await Drain().SettleAsync(Assert.Single(await _queue.ReadAsync("host-a", 10))));
        Assert.Equal(SmsDeliveryStatus.Submitting, (await Outbox.GetAsync(reply.Id!))!.Status);

        // Looked at again before any report: still waiting, nothing sent.
        Assert.Equal(QueuedSmsOutcome.Later, await Drain().SettleAsync(await ClaimAfterIdleAsync("host-b")));
        // The provider had it: its delivery report comes, naming the phone.
        await Outbox.ReportAsync(Provider, "ATXid_silent_1", SmsDeliveryStatus.Delivered, null, phone: Phone);
        Assert.Equal(QueuedSmsOutcome.Sent, await Drain().SettleAsync(await ClaimAfterIdleAsync("host-b")));

        Assert.Single(_provider.Taken);
        Assert.Equal(SmsDeliveryStatus.Delivered, (await Outbox.GetAsync(reply.Id!))!.Status);
        Assert.Equal(0, await _queue.CountAsync());
    }

    [Fact]
    public async Task A_reply_whose_fate_stays_unknown_past_the_wait_is_sent_again()
    {
        var options = new SmsQueueOptions { ClaimAfter = Quick.ClaimAfter, UnknownWait = TimeSpan.FromSeconds(1) };
        await _queue.EnqueueAsync(Reply("+254722000504"));
        _provider.Script.Enqueue("silent");
        Assert.Equal(QueuedSmsOutcome.Later, await Drain(options: options).SettleAsync(Assert.Single(await _queue.ReadAsync("host-a", 10))));

        Assert.Equal(QueuedSmsOutcome.Sent, await Drain(options: options).SettleAsync(await ClaimAfterIdleAsync("host-b")));
        Assert.Equal(2, _provider.Taken.Count);
    }

    [Fact]
    public async Task A_reply_refused_while_the_provider_is_unreachable_is_sent_when_it_is_back()
    {
        await _queue.EnqueueAsync(Reply("+254722000505"));
        _provider.Script.Enqueue("down");
        _provider.Script.Enqueue("down");
        Assert.Equal(QueuedSmsOutcome.Later, await Drain().SettleAsync(Assert.Single(await _queue.ReadAsync("host-a", 10))));
        Assert.Equal(QueuedSmsOutcome.Later, await Drain().SettleAsync(await ClaimAfterIdleAsync("host-a")));
        Assert.Empty(_provider.Taken);

        Assert.Equal(QueuedSmsOutcome.Sent, await Drain().SettleAsync(await ClaimAfterIdleAsync("host-b")));
        Assert.Single(_provider.Taken);
        Assert.Equal(0, await _queue.CountAsync());
    }
}
