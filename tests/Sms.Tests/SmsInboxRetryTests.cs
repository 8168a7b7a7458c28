using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.Sms.Menus;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Huduma.Contact.Sms.Tests;

/// <summary>
/// A provider's retry of an inbound SMS is answered unless the first delivery really was: the "seen" mark
/// is a lease that a host losing Redis can't free but that expires (issue 21, item 1).
/// </summary>
public sealed class SmsInboxRetryTests(PersistentRedisServer redis) : IClassFixture<PersistentRedisServer>, IDisposable
{
    private readonly EngineHarness _h = new();
    private readonly ConnectionMultiplexer _connection = ConnectionMultiplexer.Connect(redis.ConnectionString);

    public void Dispose() => _connection.Dispose();

    /// <summary>A store that can kill Redis right after the inbox has marked a message, before it is handled.</summary>
    private sealed class KillAfterMark(IStateStore inner, RedisServer redis) : StateStoreDecorator(inner)
    {
        public bool Armed { get; set; }
        public override async Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class
        {
            var taken = await base.SetIfAbsentAsync(key, value, ttl, ct);
            if (Armed && key.StartsWith("sms:seen:", StringComparison.Ordinal)) await redis.KillAsync();
            return taken;
        }
    }

    private (SmsInbox Inbox, SimulatorSmsSender Sender, SmsQueueDrain Drain) Inbox(IStateStore store, TimeSpan lease, Func<ISmsQueue, ISmsQueue>? wrap = null)
    {
        var simulator = new SimulatorSmsSender(store, TimeProvider.System);
        var optOuts = new OptOutList(store, TimeProvider.System);
        var conversations = _h.Conversations(new DailyCounters(store, TimeProvider.System), store: store);
        var conversation = new SmsConversation(_h.Content, new MessageStatus(_h.Content, _h.Lookup),
            new RatingReplies(store, new EscalationDesk(_h.Escalations, TimeProvider.System)), optOuts, conversations,
            new PhoneProfiles(store),
            new SmsThread(store, TimeProvider.System), TimeProvider.System,
            new SmsMenus(_h.Engine, new SmsMenuRenderer(_h.Content), conversations), Options.Create(new SmsOptions()));
        var outbox = new SmsOutbox(store, TimeProvider.System);
        var sender = new SmsDispatcher([simulator], outbox, optOuts, NullLogger<SmsDispatcher>.Instance);
        var queue = new RedisSmsQueue(_connection);
        var drain = new SmsQueueDrain(queue, sender, outbox, store, Options.Create(new SmsOptions()), new SmsQueueSignal(), TimeProvider.System,
            NullLogger<SmsQueueDrain>.Instance);
        return (new SmsInbox(new SmsKeywordParser(_h.Content), conversation, wrap is null ? queue : wrap(queue), optOuts, store, NullLogger<SmsInbox>.Instance)
            { HandlingLease = lease }, simulator, drain);
    }

    /// <summary>Sends what is queued, as a host's drain does.</summary>
    private async Task DrainAsync(SmsQueueDrain drain)
    {
        var queue = new RedisSmsQueue(_connection);
        for (var read = await queue.ReadAsync("test", 100); read.Count > 0; read = await queue.ReadAsync("test", 100))
            foreach (var entry in read) await drain.SettleAsync(entry);
    }

    [Fact]
    public async Task A_message_whose_handling_died_with_redis_is_answered_when_the_provider_retries()
    {
        var store = new KillAfterMark(new RedisStateStore(_connection), redis);
        // Longer than the failed handling (the client gives up on a dead Redis after a few seconds) and the restart.
        var lease = TimeSpan.FromSeconds(15);
        var (inbox, sender, drain) = Inbox(store, lease);
        const string Phone = "+254722000301";
        var sms = new InboundSms("africastalking", "ATXid_" + Guid.NewGuid().ToString("N"), Phone, "HELP");

        store.Armed = true;
        await Assert.ThrowsAnyAsync<Exception>(() => inbox.ReceiveAsync(sms));
        store.Armed = false;
        await redis.StartAgainAsync();
        while (!await store.PingAsync()) await Task.Delay(100);
        var mark = (RedisKey)$"huduma:sms:seen:{sms.Provider}:{sms.ProviderMessageId}";
        Assert.True(await redis.Connection.GetDatabase().KeyExistsAsync(mark), "the mark was written before Redis died, and kept");

        // A retry while the lease lasts is told to come back later; once it is over, it is answered.
        Assert.Equal(SmsReceipt.BeingHandled, (await inbox.ReceiveAsync(sms)).Receipt);
        await DrainAsync(drain);
        Assert.Empty(await sender.InboxAsync(Phone, 10));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await redis.Connection.GetDatabase().KeyExistsAsync(mark) && waited.Elapsed < TimeSpan.FromSeconds(25)) await Task.Delay(200);
        var retried = await inbox.ReceiveAsync(sms);

        Assert.Equal(SmsReceipt.Handled, retried.Receipt);
        await DrainAsync(drain);
        Assert.Equal(_h.Content.Prompt(PromptKeys.SmsHelp, Language.En), Assert.Single(await sender.InboxAsync(Phone, 10)).Text);
        Assert.Equal(SmsReceipt.AlreadyHandled, (await inbox.ReceiveAsync(sms)).Receipt);
    }

    /// <summary>A queue that holds every message being queued until the test lets it go.</summary>
    private sealed class HeldQueue(ISmsQueue inner) : ISmsQueue
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public async Task EnqueueAsync(OutboundSms message, CancellationToken ct = default)
        {
            await Release.Task;
            await inner.EnqueueAsync(message, ct);
        }
        public Task<IReadOnlyList<QueuedSms>> ReadAsync(string consumer, int count, CancellationToken ct = default) => inner.ReadAsync(consumer, count, ct);
        public Task<IReadOnlyList<QueuedSms>> ClaimIdleAsync(string consumer, TimeSpan idle, int count, CancellationToken ct = default) =>
            inner.ClaimIdleAsync(consumer, idle, count, ct);
        public Task<int> ForgetIdleConsumersAsync(TimeSpan idle, CancellationToken ct = default) => inner.ForgetIdleConsumersAsync(idle, ct);
        public Task AcknowledgeAsync(QueuedSms entry, CancellationToken ct = default) => inner.AcknowledgeAsync(entry, ct);
        public Task<long> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
    }

    [Fact]
    public async Task A_retry_while_the_first_delivery_is_being_answered_is_told_to_come_back_not_dropped()
    {
        HeldQueue? held = null;
        var (inbox, simulator, drain) = Inbox(new RedisStateStore(_connection), TimeSpan.FromMinutes(1), queue => held = new HeldQueue(queue));
        const string Phone = "+254722000302";
        var sms = new InboundSms("africastalking", "ATXid_" + Guid.NewGuid().ToString("N"), Phone, "HELP");

        var first = inbox.ReceiveAsync(sms);
        var retry = await inbox.ReceiveAsync(sms);
        Assert.Equal(SmsReceipt.BeingHandled, retry.Receipt);

        held!.Release.SetResult();
        Assert.Equal(SmsReceipt.Handled, (await first).Receipt);
        Assert.Equal(SmsReceipt.AlreadyHandled, (await inbox.ReceiveAsync(sms)).Receipt);
        await DrainAsync(drain);
        Assert.Single(await simulator.InboxAsync(Phone, 10));
    }
}
