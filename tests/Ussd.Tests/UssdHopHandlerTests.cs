using CsCheck;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Content;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huduma.Contact.Ussd.Tests;

/// <summary>The USSD session rules on the in-memory store (the same rules run over HTTP and Redis in Host.Tests).</summary>
public sealed class UssdHopHandlerTests
{
    private readonly EngineHarness _h = new();
    private readonly UssdHopHandler _handler;

    public UssdHopHandlerTests()
    {
        _handler = new UssdHopHandler(_h.Conversations(new DailyCounters(_h.Store, TimeProvider.System)), new UssdOptions(), NullLogger<UssdHopHandler>.Instance);
        _h.Register.UpsertAsync(EngineHarness.ReadyId).Wait();
    }

    private Task<UssdResponse> Hop(string session, string text, string phone = "+254722000111") =>
        _handler.HandleAsync(new UssdRequest(session, "*384*1919#", phone, "63902", text));

    [Fact]
    public async Task A_shortcut_dial_carrying_inputs_on_the_first_hop_plays_them_through()
    {
        // *384*1919*1*1# : language English, then "Document status", in one dial.
        var reply = await Hop("s1", "1*1");
        Assert.False(reply.Ends);
        Assert.StartsWith("Which document?", reply.Screen);
    }

    [Fact]
    public async Task A_repeated_first_hop_gets_the_same_screen()
    {
        var first = await Hop("s2", "");
        Assert.Equal(first, await Hop("s2", ""));
        var home = await Hop("s2", "1");
        Assert.Contains("How can we help", home.Screen);
    }

    [Fact]
    public async Task A_session_that_ended_is_not_offered_for_resuming()
    {
        await Hop("s3", "");
        await Hop("s3", "1");
        await Hop("s3", "1*9");
        await Hop("s3", "1*9*9");
        var end = await Hop("s3", "1*9*9*9");
        Assert.True(end.Ends);

        var next = await Hop("s4", "");
        Assert.DoesNotContain("Continue where you left off", next.Screen);
        Assert.Contains("How can we help", next.Screen);
    }

    [Fact]
    public async Task Home_while_offered_to_resume_starts_again()
    {
        await Hop("s5", "");
        await Hop("s5", "1");
        await Hop("s5", "1*2");          // Find a centre: worth resuming
        var offer = await Hop("s6", "");
        Assert.Contains("Continue where you left off", offer.Screen);
        Assert.Equal(offer, await Hop("s6", ""));   // the gateway repeats the first hop: the same question
        var home = await Hop("s6", "00");
        Assert.Contains("How can we help", home.Screen);
    }

    [Fact]
    public async Task A_session_id_is_never_shared_between_phones()
    {
        await Hop("s7", "", "+254722000111");
        await Hop("s7", "1", "+254722000111");
        var other = await Hop("s7", "", "+254733000222");
        Assert.Contains("Choose language", other.Screen);
    }

    [Fact]
    public async Task A_newer_session_of_the_same_phone_moves_the_older_aside_and_the_older_never_overwrites_it()
    {
        const string phone = "+254722000222";
        await Hop("s8", "", phone);
        await Hop("s8", "1", phone);
        var counties = await Hop("s8", "1*2", phone);   // Find a centre: worth resuming
        var offer = await Hop("s9", "", phone);         // a second session of the same number
        Assert.Contains("Continue where you left off", offer.Screen);
        Assert.Equal("s9", (await _h.Store.GetAsync<UssdSession>(UssdHopHandler.PhoneKey(phone)))!.SessionId);
        Assert.Equal("s8", (await _h.Store.GetAsync<UssdSession>(UssdHopHandler.DisplacedKey(phone, "s8")))!.SessionId);

        // The older one goes on from where it was moved to, and leaves the phone's place to the newer.
        Assert.Equal(counties, await Hop("s8", "1*2", phone));     // a repeat of its last hop
        var more = await Hop("s8", "1*2*98", phone);
        Assert.NotEqual(counties, more);
        Assert.Equal("1*2*98", (await _h.Store.GetAsync<UssdSession>(UssdHopHandler.DisplacedKey(phone, "s8")))!.Consumed);
        Assert.Equal("s9", (await _h.Store.GetAsync<UssdSession>(UssdHopHandler.PhoneKey(phone)))!.SessionId);
        Assert.Equal(counties, await Hop("s9", "1", phone));       // the newer continues the older's place
    }

    [Fact]
    public async Task A_session_the_store_lost_is_played_again_from_its_text_pages_included()
    {
        async Task<string> EnglishAsync(string phone, string session)
        {
            await Hop(session + "-lang", "", phone);
            await Hop(session + "-lang", "1", phone);
            return (await Hop(session, "", phone)).Screen;
        }
        const string kept = "+254722000333", lost = "+254722000444";
        Assert.Contains("How can we help", await EnglishAsync(kept, "s10"));
        await EnglishAsync(lost, "s11");
        var counties = await Hop("s10", "2", kept);
        Assert.Equal(counties, await Hop("s11", "2", lost));
        var page2 = await Hop("s10", "2*98", kept);
        Assert.NotEqual(counties, page2);

        await _h.Store.DeleteAsync(UssdHopHandler.PhoneKey(lost));
        Assert.Equal(page2, await Hop("s11", "2*98", lost));
    }

    [Fact]
    public async Task A_long_answer_that_ends_pages_with_98_and_ends_on_its_last_page()
    {
        var lines = Enumerable.Range(0, 12).Select(i => $"Line {i} of a long goodbye that needs several screens.").ToArray();
        var renderer = new UssdScreenRenderer(_h.Content);
        var pages = renderer.Pages(new Core.Conversations.Reply(lines, [], Language.En, Ends: true));
        Assert.True(pages.Count > 1);
        Assert.All(pages.SkipLast(1), p => Assert.EndsWith("98 More", p));
        Assert.DoesNotContain("98 More", pages[^1]);
        Assert.DoesNotContain("0 Back", string.Join("\n", pages));
    }

    private static int _samples;

    [Fact]
    public void Every_status_screen_is_gsm7_and_fits_182_septets_whatever_the_register_holds()
    {
        // Names and centres come from spreadsheets: Gikuyu letters, curly quotes, anything at all. One
        // character outside GSM-7 would send the whole screen as UCS-2, where 182 characters do not fit.
        var text = Gen.String[Gen.OneOf(
            Gen.Char["abcdefghijklmnopqrstuvwxyz ABCDEFGH'-{}\u20AC"],
            Gen.Char["\u0129\u0169\u0128\u0168\u2018\u2019\u201C\u201D\u2013\u2014\u2026\u00A0\u00E2\u00E7\u014B\u0303"],
            Gen.Char), 1, 400];
        Gen.Select(text, text, Gen.Bool).Sample((name, centre, kiswahili) =>
        {
            var n = Interlocked.Increment(ref _samples);
            var phone = $"+2547229{n:D5}";
            var document = EngineHarness.ReadyId with
            {
                Number = $"{30_000_000 + n}", HolderName = name, CentreId = centre, Phones = [phone], WaitingCardRef = $"WC{n:D6}",
            };
            _h.Register.UpsertAsync(document).GetAwaiter().GetResult();

            var screens = new List<string>();
            var trail = $"{(kiswahili ? 2 : 1)}*1*1*{document.Number}";
            var reply = Hop($"p{n}", trail, phone).GetAwaiter().GetResult();
            screens.Add(reply.Screen);
            while (reply.Screen.Split('\n').Contains(kiswahili ? "98 Zaidi" : "98 More") && screens.Count < 20)
            {
                trail += "*98";
                reply = Hop($"p{n}", trail, phone).GetAwaiter().GetResult();
                screens.Add(reply.Screen);
            }
            Assert.Contains(kiswahili ? "TAYARI" : "READY", string.Join(" ", screens));
            foreach (var screen in screens)
            {
                Assert.True(Gsm7.CanEncode(screen), $"not GSM-7: {string.Join(" ", Gsm7.Offending(screen).Select(c => $"U+{(int)c:X4}"))}");
                Assert.True(Gsm7.SeptetCount(screen) <= UssdScreenRenderer.DefaultMaxLength, $"{Gsm7.SeptetCount(screen)} septets: {screen}");
            }
            // Only the screen is cleaned up: the register (and so an agent) keeps the name as registered.
            Assert.Equal(name, _h.Register.FindAsync(document.Type, document.Number).GetAwaiter().GetResult()!.HolderName);
        });
    }
}
