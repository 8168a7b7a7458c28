using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.Sms.Menus;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Sms.Tests;

/// <summary>SMS to 1919 end to end on the in-memory stores: the inbox, the conversation, the simulator sender.</summary>
public sealed class SmsConversationTests
{
    private const string Holder = "+254722000111";
    private const string Stranger = "+254733999888";
    private readonly EngineHarness _h = new();
    private readonly SmsInbox _inbox;
    private readonly SimulatorSmsSender _sender;
    private readonly OptOutList _optOuts;
    private readonly InMemorySmsQueue _queue = new(TimeProvider.System);
    private readonly SmsQueueDrain _drain;
    private int _id;

    public SmsConversationTests()
    {
        _h.Register.UpsertAsync(EngineHarness.ReadyId).Wait();
        _optOuts = new OptOutList(_h.Store, TimeProvider.System);
        _sender = new SimulatorSmsSender(_h.Store, TimeProvider.System);
        var conversations = _h.Conversations(new DailyCounters(_h.Store, TimeProvider.System), store: _h.Store);
        var conversation = new SmsConversation(_h.Content, new MessageStatus(_h.Content, _h.Lookup),
            new RatingReplies(_h.Store, new EscalationDesk(_h.Escalations, TimeProvider.System)), _optOuts, conversations,
            new PhoneProfiles(_h.Store),
            new SmsThread(_h.Store, TimeProvider.System), TimeProvider.System,
            new SmsMenus(_h.Engine, new SmsMenuRenderer(_h.Content), conversations), Options.Create(new SmsOptions()));
        var outbox = new SmsOutbox(_h.Store, TimeProvider.System);
        var dispatcher = new SmsDispatcher([_sender], outbox, _optOuts, NullLogger<SmsDispatcher>.Instance);
        _inbox = new SmsInbox(new SmsKeywordParser(_h.Content), conversation, _queue, _optOuts, _h.Store, NullLogger<SmsInbox>.Instance);
        _drain = new SmsQueueDrain(_queue, dispatcher, outbox, _h.Store, Microsoft.Extensions.Options.Options.Create(new SmsOptions()),
            new SmsQueueSignal(), TimeProvider.System, NullLogger<SmsQueueDrain>.Instance);
    }

    /// <summary>The phone's SMS inbox once the replies queued so far are sent, as a host's drain sends them.</summary>
    private async Task<IReadOnlyList<SimulatedSms>> Inbox(string phone)
    {
        foreach (var entry in await _queue.ReadAsync("test", 1000)) await _drain.SettleAsync(entry);
        return await _sender.InboxAsync(phone, 100);
    }

    private async Task<string?> Text(string from, string text, string? id = null)
    {
        var received = await _inbox.ReceiveAsync(new InboundSms("test", id ?? $"m{++_id}", from, text));
        return received.Reply?.Text;
    }


    private string Prompt(string key, Language language = Language.En) => _h.Content.Prompt(key, language);

    [Fact]
    public async Task The_holder_texting_ID_and_the_number_gets_the_full_status_by_sms()
    {
        var reply = await Text(Holder, "id no. 23456789");
        Assert.Contains("Achieng Ouma", reply);
        Assert.Contains("READY", reply);
        var sent = Assert.Single(await Inbox(Holder));
        Assert.Equal(reply, sent.Text);
    }

    [Fact]
    public async Task A_stranger_is_asked_for_the_waiting_card_and_the_right_reference_answers()
    {
        var ask = await Text(Stranger, "ID 23456789");
        Assert.DoesNotContain("Achieng", ask);
        Assert.Contains("waiting card", ask);
        var answer = await Text(Stranger, "wc555111");
        Assert.Contains("Achieng Ouma", answer);
    }

    [Fact]
    public async Task A_wrong_reference_reveals_nothing()
    {
        await Text(Stranger, "ID 23456789");
        Assert.Equal(Prompt(PromptKeys.StatusReferenceMismatch), await Text(Stranger, "WC000000"));
    }

    [Fact]
    public async Task A_kiswahili_keyword_gets_a_kiswahili_answer()
    {
        var reply = await Text(Holder, "Kitambulisho 23456789");
        Assert.Contains("TAYARI", reply);
        Assert.Equal(Prompt(PromptKeys.SmsHelp, Language.Sw), await Text(Holder, "msaada"));
    }

    [Fact]
    public async Task A_keyword_without_its_number_asks_for_it_with_the_format()
    {
        var reply = await Text(Holder, "ID");
        Assert.Contains(_h.Content.Document("national_id")!.Hint!.En!, reply);
    }

    [Fact]
    public async Task Stop_is_confirmed_then_nothing_else_is_sent_until_start()
    {
        Assert.Equal(Prompt(PromptKeys.SmsStop), await Text(Holder, "STOP"));
        Assert.True(await _optOuts.IsOptedOutAsync(Holder));
        await Text(Holder, "HELP");
        Assert.Single(await Inbox(Holder));                 // only the STOP confirmation

        Assert.Equal(Prompt(PromptKeys.SmsStart), await Text(Holder, "start"));
        Assert.False(await _optOuts.IsOptedOutAsync(Holder));
        await Text(Holder, "HELP");
        Assert.Equal(3, (await Inbox(Holder)).Count);
    }

    [Fact]
    public async Task Nothing_but_confirmations_reaches_an_opted_out_phone_whoever_sends_it()
    {
        await Text(Holder, "STOP");
        var dispatcher = new SmsDispatcher([_sender], new SmsOutbox(_h.Store, TimeProvider.System), _optOuts, NullLogger<SmsDispatcher>.Instance);
        var reminder = await dispatcher.SendAsync(new OutboundSms(Holder, "Your ID is ready for collection.", "reminder"));
        Assert.False(reminder.Accepted);
        Assert.Single(await Inbox(Holder));
    }

    [Fact]
    public async Task A_curly_quote_in_a_message_is_sent_as_a_straight_one_and_stays_one_sms()
    {
        var dispatcher = new SmsDispatcher([_sender], new SmsOutbox(_h.Store, TimeProvider.System), _optOuts, NullLogger<SmsDispatcher>.Instance);
        await dispatcher.SendAsync(new OutboundSms(Stranger, "Wanjiku\u2019s ID is ready \u2013 bring your card\u2026", "agent"));
        var sent = Assert.Single(await Inbox(Stranger));
        Assert.Equal("Wanjiku's ID is ready - bring your card...", sent.Text);
        Assert.Equal(1, sent.Segments);
    }

    [Fact]
    public async Task A_provider_is_given_messages_no_faster_than_its_rate()
    {
        var limits = new Dictionary<string, System.Threading.RateLimiting.RateLimiter> { [SimulatorSmsSender.Provider] = new FleetSendRate(_h.Store, SimulatorSmsSender.Provider, 3, TimeProvider.System) };
        var dispatcher = new SmsDispatcher([_sender], new SmsOutbox(_h.Store, TimeProvider.System), _optOuts, NullLogger<SmsDispatcher>.Instance, limits);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => dispatcher.SendAsync(new OutboundSms($"+25472200{i:D4}", "hi", "test"))));
        Assert.All(results, r => Assert.True(r.Accepted));
        // One goes in each third of a second: six take well over a second.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(800), $"{clock.Elapsed}");
    }

    [Fact]
    public async Task The_same_provider_message_twice_gets_one_reply()
    {
        await Text(Holder, "HELP", id: "AT-1");
        Assert.Null(await Text(Holder, "HELP", id: "AT-1"));
        Assert.Single(await Inbox(Holder));
    }

    [Fact]
    public async Task Agent_with_a_question_makes_a_ticket_carrying_the_question()
    {
        var reply = await Text(Holder, "AGENT my ID was lost at the centre");
        var ticket = Assert.Single(await _h.Escalations.ListOpenAsync());
        Assert.Contains(ticket.Reference, reply);
        Assert.Equal("sms", ticket.Channel);
        Assert.Contains("MY ID WAS LOST AT THE CENTRE", ticket.Path[0]);
    }

    [Fact]
    public async Task An_agent_ticket_carries_what_the_citizen_already_texted_and_was_told()
    {
        var phone = "+254711" + Random.Shared.Next(100_000, 999_999);
        await Text(phone, "centre Kisumu");
        await Text(phone, "where is my lost id");
        await Text(phone, "AGENT please call me");
        var ticket = Assert.Single(await _h.Escalations.ListOpenAsync(), t => t.Msisdn == phone);
        Assert.Equal(["citizen", "bot", "citizen", "bot", "citizen"], ticket.Transcript.Select(l => l.From));
        Assert.Equal("centre Kisumu", ticket.Transcript[0].Text);
        Assert.Contains("Kisumu", ticket.Transcript[1].Text);
        Assert.Equal("AGENT please call me", ticket.Transcript[^1].Text);
    }

    [Fact]
    public async Task Centre_finds_the_centres_of_a_county_within_two_messages()
    {
        var reply = await Text(Holder, "CENTRE Nairobi");
        Assert.Contains("GPO", reply);
        Assert.True(SmsSize.Of(reply!).Segments <= 2);
        Assert.Contains("Mombasa", await Text(Holder, "kituo mombasa"));
        Assert.Contains("No Huduma Centre found for ATLANTIS", await Text(Holder, "centre Atlantis"));
    }

    [Fact]
    public async Task A_long_search_is_shown_back_cut_so_that_no_centre_found_stays_one_message()
    {
        var reply = await Text(Holder, "centre " + new string('Z', 300));
        Assert.Contains("ZZZ...", reply);
        Assert.Equal(1, SmsSize.Of(reply!).Segments);
    }

    [Fact]
    public async Task A_holder_name_GSM7_cannot_spell_does_not_take_a_status_answer_past_two_messages()
    {
        // A name from the register is not checked like content: one character with no GSM-7 twin would send
        // the whole answer as UCS-2 (70 characters a segment), four segments or more.
        await _h.Register.UpsertAsync(EngineHarness.ReadyId with { Number = "34567890", HolderName = "Achieng 王 Ouma Wanjikũ" });
        var reply = await Text(Holder, "ID 34567890");
        Assert.Contains("Achieng ? Ouma Wanjiku", reply);
        Assert.True(SmsSize.Of(reply!).Segments <= 2, $"{SmsSize.Of(reply!).Segments} segments: {reply}");
    }

    [Fact]
    public async Task Repeated_misunderstanding_ends_in_an_offer_of_an_agent()
    {
        Assert.Equal(Prompt(PromptKeys.SmsUnknown), await Text(Holder, "hello"));
        Assert.Equal(Prompt(PromptKeys.SmsUnknown), await Text(Holder, "are you there"));
        Assert.Equal(Prompt(PromptKeys.SmsOfferAgent), await Text(Holder, "???"));
    }
}
