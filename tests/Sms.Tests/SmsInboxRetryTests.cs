using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
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

    private (SmsInbox Inbox, SimulatorSmsSender Sender) Inbox(IStateStore store, TimeSpan lease, Func<ISmsSender, ISmsSender>? wrap = null)
    {
        var simulator = new SimulatorSmsSender(store, TimeProvider.System);
        var optOuts = new OptOutList(store, TimeProvider.System);
        var conversation = new SmsConversation(_h.Content, _h.Lookup, optOuts, _h.Escalations,
            new EscalationDesk(_h.Escalations, TimeProvider.System), new PhoneProfiles(store), store,
            new SmsThread(store, TimeProvider.System), new DailyCounters(store, TimeProvider.System), TimeProvider.System);
        ISmsSender sender = new SmsDispatcher([simulator], new SmsOutbox(store, TimeProvider.System), optOuts, NullLogger<SmsDispatcher>.Instance);
        if (wrap is not null) sender = wrap(sender);
        return (new SmsInbox(new SmsKeywordParser(_h.Content), conversation, sender, optOuts, store, NullLogger<SmsInbox>.Instance) { HandlingLease = lease },
            simulator);
    }

    [Fact]
    public async Task A_message_whose_handling_died_with_redis_is_answered_when_the_provider_retries()
    {
        var store = new KillAfterMark(new RedisStateStore(_connection), redis);
        // Longer than the failed handling (the client gives up on a dead Redis after a few seconds) and the restart.
        var lease = TimeSpan.FromSeconds(15);
        var (inbox, sender) = Inbox(store, lease);
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
        Assert.Empty(await sender.InboxAsync(Phone, 10));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await redis.Connection.GetDatabase().KeyExistsAsync(mark) && waited.Elapsed < TimeSpan.FromSeconds(25)) await Task.Delay(200);
        var retried = await inbox.ReceiveAsync(sms);

        Assert.Equal(SmsReceipt.Handled, retried.Receipt);
        Assert.Equal(_h.Content.Prompt(PromptKeys.SmsHelp, Language.En), Assert.Single(await sender.InboxAsync(Phone, 10)).Text);
        Assert.Equal(SmsReceipt.AlreadyHandled, (await inbox.ReceiveAsync(sms)).Receipt);
    }

    /// <summary>A sender that holds every message until the test lets it go.</summary>
    private sealed class HeldSender(ISmsSender inner) : ISmsSender
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public async Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default)
        {
            await Release.Task;
            return await inner.SendAsync(message, ct);
        }
        public async Task<IReadOnlyList<SmsSendResult>> SendManyAsync(IReadOnlyList<OutboundSms> messages, CancellationToken ct = default)
        {
            await Release.Task;
            return await inner.SendManyAsync(messages, ct);
        }
    }

    [Fact]
    public async Task A_retry_while_the_first_delivery_is_being_answered_is_told_to_come_back_not_dropped()
    {
        HeldSender? held = null;
        var (inbox, simulator) = Inbox(new RedisStateStore(_connection), TimeSpan.FromMinutes(1), sender => held = new HeldSender(sender));
        const string Phone = "+254722000302";
        var sms = new InboundSms("africastalking", "ATXid_" + Guid.NewGuid().ToString("N"), Phone, "HELP");

        var first = inbox.ReceiveAsync(sms);
        var retry = await inbox.ReceiveAsync(sms);
        Assert.Equal(SmsReceipt.BeingHandled, retry.Receipt);

        held!.Release.SetResult();
        Assert.Equal(SmsReceipt.Handled, (await first).Receipt);
        Assert.Equal(SmsReceipt.AlreadyHandled, (await inbox.ReceiveAsync(sms)).Receipt);
        Assert.Single(await simulator.InboxAsync(Phone, 10));
    }
}
