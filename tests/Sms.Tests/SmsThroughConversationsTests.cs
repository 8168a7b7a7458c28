using System.Collections.Concurrent;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.Sms.Menus;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Sms.Tests;

/// <summary>
/// SMS through Core's one entry point of a turn (<see cref="Conversations.HandleAsync"/>): its key, its day's
/// lifetime, one read and one write of the conversation a message, starts counted once, and AGENT tickets
/// one per message the provider sent.
/// </summary>
public sealed class SmsThroughConversationsTests
{
    private readonly EngineHarness _h = new();
    private readonly LifetimeRecordingStateStore _lifetimes;
    private readonly CountingStore _store;
    /// <summary>Not the default day, so the session's lifetime is seen to come from the options.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(5);
    private readonly DailyCounters _daily;
    private readonly SmsInbox _inbox;
    private int _id;

    public SmsThroughConversationsTests()
    {
        _h.Register.UpsertAsync(EngineHarness.ReadyId).Wait();
        _lifetimes = new LifetimeRecordingStateStore(_h.Store);
        _store = new CountingStore(_lifetimes);
        _daily = new DailyCounters(_store, TimeProvider.System);
        var optOuts = new OptOutList(_store, TimeProvider.System);
        var conversations = _h.Conversations(_daily, store: _store);
        var conversation = new SmsConversation(_h.Content, new MessageStatus(_h.Content, _h.Lookup),
            new RatingReplies(_store, new EscalationDesk(_h.Escalations, TimeProvider.System)), optOuts, conversations,
            new PhoneProfiles(_store),
            new SmsThread(_store, TimeProvider.System), TimeProvider.System, new SmsMenus(_h.Engine, new SmsMenuRenderer(_h.Content), conversations), Options.Create(new SmsOptions { ConversationLifetime = Lifetime }));
        _inbox = new SmsInbox(new SmsKeywordParser(_h.Content), conversation, new InMemorySmsQueue(TimeProvider.System), optOuts, _store,
            NullLogger<SmsInbox>.Instance);
    }

    private static string NewPhone() => "+254711" + Random.Shared.Next(100_000, 999_999);

    private async Task<string?> Text(string from, string text, string? id = null) =>
        (await _inbox.ReceiveAsync(new InboundSms("test", id ?? $"m{++_id}", from, text))).Reply?.Text;

    private async Task<long> StartedToday() =>
        (await _daily.DaysAsync(DailyCounters.ConversationsStarted(SmsSession.Channel), _daily.Today, _daily.Today))[0];

    [Fact]
    public async Task A_days_messages_from_one_phone_count_one_conversation_started()
    {
        var before = await StartedToday();
        var phone = NewPhone();
        await Text(phone, "MENU");
        await Text(phone, "1");
        await Text(phone, "where is the nearest huduma centre");
        Assert.Equal(before + 1, await StartedToday());
        await Text(NewPhone(), "HELP");
        Assert.Equal(before + 2, await StartedToday());
    }

    [Fact]
    public async Task Each_message_reads_and_writes_its_conversation_once_under_the_one_key_scheme()
    {
        var phone = NewPhone();
        var key = Conversations.Key(SmsSession.Channel, phone);
        foreach (var text in new[] { "MENU", "1", "0", "ID 12345678", "what documents do i need for an id" })
        {
            _store.Reset();
            await Text(phone, text);
            Assert.Equal(1, _store.ReadsOf(key));
            Assert.Equal(1, _store.WritesOf(key));
            Assert.DoesNotContain(_store.Keys, k => k.StartsWith("conv:", StringComparison.Ordinal));
        }
        Assert.NotNull(await _h.Store.GetAsync<SmsSession>(key));
    }

    [Fact]
    public async Task A_conversation_is_kept_as_long_as_Sms_ConversationLifetime_says()
    {
        var phone = NewPhone();
        await Text(phone, "MENU");
        Assert.Equal(Lifetime, _lifetimes.LifetimeOf(Conversations.Key(SmsSession.Channel, phone)));
    }

    [Theory]
    [InlineData("00:30:00")]
    [InlineData("8.00:00:00")]
    public void A_conversation_lifetime_out_of_range_stops_start_up_with_its_name(string lifetime)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sms:ConversationLifetime"] = lifetime }).Build();
        using var provider = new ServiceCollection().AddSms(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);
        Assert.Contains("Sms:ConversationLifetime", error.Message);
        Assert.Equal(TimeSpan.FromDays(1), new SmsOptions().ConversationLifetime);
    }

    [Fact]
    public async Task The_phones_language_is_read_once_a_conversation_and_kept_in_its_session()
    {
        var phone = NewPhone();
        await new PhoneProfiles(_h.Store).SetLanguageAsync(phone, Language.Sw);
        Assert.Contains("Tukusaidie vipi?", await Text(phone, "9"));   // a bare number: the home menu, in the phone's language
        foreach (var text in new[] { "blue elephants", "my cow is sick", "1" })
        {
            _store.Reset();
            await Text(phone, text);
            Assert.Equal(0, _store.ReadsOf(PhoneProfiles.Key(phone)));
        }
        Assert.Equal("sw", (await _h.Store.GetAsync<SmsSession>(Conversations.Key(SmsSession.Channel, phone)))!.Lang);
    }

    [Fact]
    public async Task An_sms_makes_no_more_store_calls_than_before_it_went_through_conversations()
    {
        // Measured (the inbox's seen mark included) on the SMS conversation's own load and save before it went through Core: a first MENU, a numbered
        // reply in it, and a keyword to a conversation under way. The bot's line of the thread now goes out
        // with the session's write, so it is no extra round trip either.
        var phone = NewPhone();
        var counts = new List<int>();
        foreach (var text in new[] { "MENU", "1", "HELP" })
        {
            _store.Reset();
            await Text(phone, text);
            counts.Add(_store.Calls);
        }
        Assert.All(counts.Zip(Baseline), c => Assert.True(c.First <= c.Second, $"{c.First} store calls where there were {c.Second}"));
    }

    private static readonly int[] Baseline = [7, 8, 7];

    [Fact]
    public async Task A_retried_agent_webhook_makes_one_ticket()
    {
        var phone = NewPhone();
        var first = await Text(phone, "AGENT please call me", id: "AT-agent-1");
        // The provider retries the same message (the inbox's seen mark lapsed): the ticket is the same one.
        await _h.Store.DeleteAsync($"sms:seen:test:AT-agent-1");
        await _inbox.ReceiveAsync(new InboundSms("test", "AT-agent-1", phone, "AGENT please call me"));
        var ticket = Assert.Single(await _h.Escalations.ListOpenAsync(), t => t.Msisdn == phone);
        Assert.Contains(ticket.Reference, first);
    }

    [Fact]
    public async Task A_second_agent_request_after_the_first_ticket_is_resolved_makes_a_new_ticket()
    {
        var phone = NewPhone();
        var desk = new EscalationDesk(_h.Escalations, TimeProvider.System);
        var first = await Text(phone, "AGENT my ID is lost");
        var ticket = Assert.Single(await _h.Escalations.ListOpenAsync(), t => t.Msisdn == phone);
        Assert.True((await desk.ClaimAsync(ticket.Reference, "agent-1")).Succeeded);
        Assert.True((await desk.ResolveAsync(ticket.Reference, "agent-1", "lost-id")).Succeeded);

        var second = await Text(phone, "AGENT I still have no ID");
        var again = Assert.Single(await _h.Escalations.ListOpenAsync(), t => t.Msisdn == phone);
        Assert.NotEqual(ticket.Reference, again.Reference);
        Assert.Contains(again.Reference, second);
        Assert.Equal("AGENT I still have no ID", again.Transcript[^1].Text);
    }

    /// <summary>Counts the store's calls, and which keys a message read and wrote.</summary>
    private sealed class CountingStore(IStateStore inner) : StateStoreDecorator(inner)
    {
        private readonly ConcurrentQueue<(string Key, bool Write)> _calls = new();

        public int Calls => _calls.Count;
        public IEnumerable<string> Keys => _calls.Select(c => c.Key);
        public int ReadsOf(string key) => _calls.Count(c => c.Key == key && !c.Write);
        public int WritesOf(string key) => _calls.Count(c => c.Key == key && c.Write);
        public void Reset() => _calls.Clear();

        private void Note(string key, bool write) => _calls.Enqueue((key, write));

        public override Task<T?> GetAsync<T>(string key, CancellationToken ct = default) where T : class { Note(key, false); return base.GetAsync<T>(key, ct); }
        public override Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class { Note(key, true); return base.SetAsync(key, value, ttl, ct); }
        public override Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class { Note(key, true); return base.SwapAsync(key, value, ttl, ct); }
        public override Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class { Note(key, true); return base.SetIfAbsentAsync(key, value, ttl, ct); }
        public override Task<T?> UpdateAsync<T>(string key, Func<T?, T?> change, TimeSpan? ttl, CancellationToken ct = default) where T : class { Note(key, true); return base.UpdateAsync(key, change, ttl, ct); }
        public override Task<bool> DeleteAsync(string key, CancellationToken ct = default) { Note(key, true); return base.DeleteAsync(key, ct); }
        public override Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default) { Note(key, true); return base.IncrementAsync(key, ttl, ct); }
        public override Task<long[]> IncrementFieldsAsync(string key, IReadOnlyList<string> fields, TimeSpan ttl, CancellationToken ct = default) { Note(key, true); return base.IncrementFieldsAsync(key, fields, ttl, ct); }
        public override Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default) { Note(key, true); return base.AddAsync(key, amount, ttl, ct); }
        public override Task<long> GetCountAsync(string key, CancellationToken ct = default) { Note(key, false); return base.GetCountAsync(key, ct); }
        public override Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null) where T : class { Note(key, true); return base.AppendAsync(key, value, maxLength, ct, ttl); }
        public override Task<IReadOnlyList<T>> RecentAsync<T>(string key, int count, CancellationToken ct = default) where T : class { Note(key, false); return base.RecentAsync<T>(key, count, ct); }
    }
}
