using System.Text.RegularExpressions;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.Sms.Menus;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Sms.Tests;

/// <summary>
/// Real SMS bodies, one conversation each, texted in turn from one phone to the SMS dialog (inbox,
/// conversation, engine, in-memory stores): what the last reply says. "#Nairobi" stands for the number
/// the previous reply gave the option naming Nairobi, as a citizen reads it off the menu.
/// </summary>
public sealed class SmsMenuTable
{
    private const string Holder = "+254722000111";
    private const string Stranger = "+254733999888";

    /// <param name="facts">Texts the last reply contains; "!text": a text it must not contain.</param>
    public sealed record Case(string Name, string Phone, string[] Messages, string[] Facts)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new("menu opens the home menu with numbered options, no Back", Stranger, ["MENU"],
            ["Huduma 1919. How can we help?", "1 Document status", "3 Services and requirements", "4 Request a call back", "5 Common questions", "!0 Back"]),
        new("a number with no menu open shows the home menu", Stranger, ["1"], ["How can we help?", "2 Find a Huduma Centre"]),
        new("1 at home asks which document, with Back", Stranger, ["MENU", "1"], ["Which document?", "1 National ID", "0 Back"]),
        new("0 goes back to the home menu", Stranger, ["MENU", "1", "0"], ["How can we help?", "!Which document?"]),
        new("a Kiswahili menu keyword opens the menu in Kiswahili", Stranger, ["menyu", "1"], ["Hati gani?", "0 Rudi"]),
        new("the menu walks to a document's status for its holder", Holder, ["MENU", "1", "#National ID", "23456789"], ["Achieng Ouma", "READY"]),
        new("a stranger walking to a status is asked for the waiting card", Stranger, ["MENU", "1", "#National ID", "23456789"],
            ["waiting card", "!Achieng"]),
        new("the stranger's right reference then answers", Stranger, ["MENU", "1", "#National ID", "23456789", "wc555111"], ["Achieng Ouma"]),
        new("centres of a county by numbers, past the first page", Stranger, ["MENU", "2", "98", "#Nairobi"], ["Huduma Centres in Nairobi", "GPO"]),
        new("a long list is paged with 98 More", Stranger, ["MENU", "3"], ["Choose a service", "1 National ID (first time)", "98 More"]),
        new("98 shows the next page, numbers running on", Stranger, ["MENU", "3", "98"], ["!Choose a service", "!1 National ID"]),
        new("98 past the last page shows the last page again", Stranger, ["MENU", "2", "98", "98"], ["47 West Pokot", "!Invalid choice"]),
        new("a service's requirements by numbers, its second page with 98", Stranger, ["SERVICES", "#National ID (first time)", "98"],
            ["Confirm at the centre or call 1919", "0 Back"]),
        new("a service's requirements start on the first page", Stranger, ["SERVICES", "#National ID (first time)"],
            ["birth certificate", "98 More"]),
        new("common questions by numbers", Stranger, ["QUESTIONS", "#What is 1919"], ["1919 is the Huduma Kenya contact centre number"]),
        new("a call back by numbers", Stranger, ["MENU", "4", "1"], ["An agent will call you back", "HK"]),
        new("a wrong number shows the menu again under a notice", Stranger, ["MENU", "9"], ["Invalid choice", "How can we help?"]),
        new("free text at a menu that no FAQ answers shows the menu again", Stranger, ["MENU", "blue elephants dancing"],
            ["Reply with a number", "1 Document status"]),
        new("repeated misunderstanding at a menu offers an agent", Stranger, ["MENU", "blue elephants", "purple giraffes", "green zebras"],
            ["Send AGENT", "1 Document status"]),
        new("HALI with an ID number answers the status in Kiswahili", Holder, ["HALI ID 23456789"], ["Achieng Ouma", "TAYARI"]),
        new("STATUS with an ID number answers in one message", Holder, ["STATUS ID 23456789"], ["Achieng Ouma", "READY"]),
        new("HALI alone opens the status menu", Stranger, ["HALI"], ["Hati gani?"]),
        new("a question about the nearest centre is answered from the FAQs", Stranger, ["where is the nearest huduma centre"],
            ["pick your county to see its centres", "Sample info"]),
        new("a question with a number is a status question", Holder, ["is my id 23456789 ready?"], ["Achieng Ouma", "READY"]),
        new("a question in Kiswahili is answered in Kiswahili", Stranger, ["kituo cha huduma kilicho karibu kiko wapi"], ["kaunti yako"]),
        new("what a service needs, asked in words, is answered from the FAQs", Stranger, ["what do I need for a birth certificate"],
            ["birth notification", "Sample info"]),
        new("a question nothing answers is not guessed at", Stranger, ["my cow is sick"], ["Sorry, we did not understand", "MENU"]),
        new("agent opens a ticket with a reference", Stranger, ["agent"], ["An agent will reply to you", "HK"]),
        new("help is unchanged by an open menu", Stranger, ["MENU", "HELP"], ["Send: ID 12345678"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_sms_conversation_says(Case c)
    {
        var sms = new SmsHarness();
        string? reply = null;
        foreach (var message in c.Messages)
        {
            var text = message.StartsWith('#') ? KeyOf(reply!, message[1..]) : message;
            reply = await sms.TextAsync(c.Phone, text);
            Assert.NotNull(reply);
            Assert.True(SmsSize.Of(reply).Segments <= SmsMenuRenderer.MaxSegments, $"'{text}' got {SmsSize.Of(reply).Segments} segments: {reply}");
        }
        foreach (var fact in c.Facts)
            if (fact.StartsWith('!')) Assert.DoesNotContain(fact[1..], reply);
            else Assert.Contains(fact, reply);
    }

    [Fact]
    public async Task A_call_back_asked_by_numbers_is_one_ticket_even_when_the_provider_retries()
    {
        var sms = new SmsHarness();
        await sms.TextAsync(Stranger, "MENU");
        await sms.TextAsync(Stranger, "4");
        await sms.TextAsync(Stranger, "1", id: "AT-callback");
        Assert.Null(await sms.TextAsync(Stranger, "1", id: "AT-callback"));
        var ticket = Assert.Single(await sms.Escalations.ListOpenAsync());
        Assert.Equal(("sms", Stranger, EscalationReasons.Callback), (ticket.Channel, ticket.Msisdn, ticket.Reason));
    }

    [Fact]
    public async Task The_agent_keyword_still_carries_the_transcript_of_the_menus_walked()
    {
        var sms = new SmsHarness();
        await sms.TextAsync(Stranger, "MENU");
        await sms.TextAsync(Stranger, "3");
        await sms.TextAsync(Stranger, "AGENT about my ID");
        var ticket = Assert.Single(await sms.Escalations.ListOpenAsync());
        Assert.Equal(["MENU", "3", "AGENT about my ID"], ticket.Transcript.Where(l => l.From == "citizen").Select(l => l.Text));
        Assert.Contains(ticket.Transcript, l => l.From == "bot" && l.Text.Contains("Choose a service"));
    }

    [Fact]
    public async Task The_page_after_a_menu_shown_under_a_notice_starts_with_the_next_option()
    {
        var sms = new SmsHarness();
        await sms.TextAsync(Stranger, "MENU");
        await sms.TextAsync(Stranger, "2");
        var noticed = (await sms.TextAsync(Stranger, "blue elephants"))!;
        var next = (await sms.TextAsync(Stranger, "98"))!;
        int First(string page) => int.Parse(page.Split('\n').Select(l => Regex.Match(l, @"^(\d+) ")).First(m => m.Success && m.Groups[1].Value != "98").Groups[1].Value);
        int Last(string page) => int.Parse(page.Split('\n').Select(l => Regex.Match(l, @"^(\d+) ")).Last(m => m.Success && m.Groups[1].Value is not ("98" or "0")).Groups[1].Value);
        Assert.Equal(Last(noticed) + 1, First(next));
    }

    [Fact]
    public async Task Three_wrong_numbers_at_a_menu_end_it_by_Cores_policy_with_a_person_offered_and_no_ticket()
    {
        var sms = new SmsHarness();
        await sms.TextAsync(Stranger, "MENU");
        await sms.TextAsync(Stranger, "9");
        await sms.TextAsync(Stranger, "9");
        var gaveUp = (await sms.TextAsync(Stranger, "9"))!;
        Assert.Contains("Send AGENT", gaveUp);
        Assert.DoesNotContain("How can we help?", gaveUp);
        Assert.DoesNotContain("dial", gaveUp, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await sms.Escalations.ListOpenAsync());
        // The menu is over: a number opens it afresh, with no notice of the wrong ones.
        var again = (await sms.TextAsync(Stranger, "9"))!;
        Assert.StartsWith("Huduma 1919. How can we help?", again);
    }

    [Fact]
    public async Task A_phone_that_sent_stop_gets_no_menu()
    {
        var sms = new SmsHarness();
        await sms.TextAsync(Stranger, "STOP");
        Assert.Null(await sms.TextAsync(Stranger, "MENU"));
    }

    /// <summary>The number a reply's menu gives the option whose label contains the text ("3 Services" → "3").</summary>
    private static string KeyOf(string reply, string label) =>
        reply.Split('\n').Select(l => Regex.Match(l, @"^(\d+) (.*)$")).FirstOrDefault(m => m.Success && m.Groups[2].Value.Contains(label))?.Groups[1].Value
        ?? throw new Xunit.Sdk.XunitException($"no option '{label}' in: {reply}");

    /// <summary>The SMS channel on the shipped content and in-memory stores, without a host.</summary>
    private sealed class SmsHarness
    {
        private readonly EngineHarness _h = new();
        private readonly SmsInbox _inbox;
        private int _id;

        public SmsHarness()
        {
            _h.Register.UpsertAsync(EngineHarness.ReadyId).Wait();
            var optOuts = new OptOutList(_h.Store, TimeProvider.System);
            var conversations = _h.Conversations(new DailyCounters(_h.Store, TimeProvider.System), store: _h.Store);
            var conversation = new SmsConversation(_h.Content, new MessageStatus(_h.Content, _h.Lookup),
                new RatingReplies(_h.Store, new EscalationDesk(_h.Escalations, TimeProvider.System)), optOuts, conversations,
                new PhoneProfiles(_h.Store),
                new SmsThread(_h.Store, TimeProvider.System), TimeProvider.System,
                new SmsMenus(_h.Engine, new SmsMenuRenderer(_h.Content), conversations), Options.Create(new SmsOptions()));
            _inbox = new SmsInbox(new SmsKeywordParser(_h.Content), conversation, new InMemorySmsQueue(TimeProvider.System), optOuts, _h.Store,
                NullLogger<SmsInbox>.Instance);
        }

        public InMemoryEscalationStore Escalations => _h.Escalations;

        public async Task<string?> TextAsync(string from, string text, string? id = null) =>
            (await _inbox.ReceiveAsync(new InboundSms("test", id ?? $"m{++_id}", from, text))).Reply?.Text;
    }
}
