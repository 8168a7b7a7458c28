using System.Text;
using System.Xml.Linq;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Register;
using Huduma.Contact.TestSupport;
using Huduma.Contact.Voice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Whole calls scripted over HTTP for both voice providers, against real Redis, asserting on the parsed
/// XML. Twilio's requests are signed here from its documented algorithm (independently of the library the
/// host checks them with); Africa's Talking's carry the deployment secret. The clock is fake, so agents'
/// hours can be open or closed.
/// </summary>
public sealed class VoiceCallTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Token = "twilio-voice-token";
    private const string Account = "AC00000000000000000000000000000007";
    private const string PublicBase = "https://huduma.example.go.ke";
    private const string Secret = "at-voice-secret";
    // Wednesday 2026-11-25, 10:00 in Nairobi: agents are in.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));
    private readonly HudumaHost _host;
    private readonly HttpClient _client;

    public VoiceCallTests(RedisServer redis)
    {
        _host = new HudumaHost(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = redis.ConnectionString, ["Twilio:AccountSid"] = Account, ["Twilio:AuthToken"] = Token,
            ["PublicBaseUrl"] = PublicBase, ["AfricasTalking:CallbackSecret"] = Secret,
            ["Voice:AgentNumbers:0"] = "+254700100200", ["Voice:AgentNumbers:1"] = "+254700100201",
            ["Reminders:SweepCron"] = "0 0 1 1 *",
        }) { Overrides = s => s.AddSingleton<TimeProvider>(_clock) };
        _client = _host.CreateClient();
    }

    public Task InitializeAsync() => _host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(EngineHarness.ReadyId);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Phone() => "+254733" + Random.Shared.Next(100_000, 999_999);

    // ---- Twilio ----

    private sealed class TwilioCall(VoiceCallTests test, string from)
    {
        public string Sid { get; } = "CA" + Guid.NewGuid().ToString("N");

        public Task<XElement> StartAsync() => test.TwilioAsync("/voice/twilio", Form());
        public Task<XElement> PressAsync(string digits) => test.TwilioAsync("/voice/twilio/gather", Form(("Digits", digits)));
        public Task<XElement> SilenceAsync() => test.TwilioAsync("/voice/twilio/gather?silence=1", Form());

        public Dictionary<string, string> Form(params (string Key, string Value)[] more)
        {
            var form = new Dictionary<string, string>
            {
                ["CallSid"] = Sid, ["AccountSid"] = Account, ["From"] = from, ["To"] = "+254700001919", ["CallStatus"] = "in-progress",
                ["Direction"] = "inbound", ["ApiVersion"] = "2010-04-01",
            };
            foreach (var (key, value) in more) form[key] = value;
            return form;
        }
    }

    private static string Sign(string url, IDictionary<string, string> form) => TwilioSignature.Sign(Token, url, form);

    private async Task<HttpResponseMessage> PostTwilioAsync(string path, Dictionary<string, string> form, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? Sign(PublicBase + path, form));
        return await _client.SendAsync(request);
    }

    private async Task<XElement> TwilioAsync(string path, Dictionary<string, string> form)
    {
        var response = await PostTwilioAsync(path, form, null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        var root = XDocument.Parse(body).Root!;
        Assert.Equal("Response", root.Name.LocalName);
        return root;
    }

    /// <summary>Everything said in a TwiML or AT answer, in order.</summary>
    private static string Said(XElement response) => string.Join(" ", response.Descendants("Say").Select(s => s.Value));

    /// <summary>The key the answer offers for a choice ("For Document status, press 1.").</summary>
    private static string KeyFor(XElement response, string label)
    {
        var match = System.Text.RegularExpressions.Regex.Match(Said(response), $@"(?:For|Kwa) {System.Text.RegularExpressions.Regex.Escape(label)}, (?:press|bonyeza) (\d)");
        Assert.True(match.Success, $"no key for '{label}' in: {Said(response)}");
        return match.Groups[1].Value;
    }

    /// <summary>A new call from the phone, at the home menu in English (the phone's language may be remembered from another test).</summary>
    private async Task<(TwilioCall Call, XElement Home)> AtHomeAsync(string phone)
    {
        var call = new TwilioCall(this, phone);
        var first = await call.StartAsync();
        return (call, Said(first).Contains("For English, press 1") ? await call.PressAsync("1") : first);
    }

    [Fact]
    public async Task A_twilio_caller_chooses_english_checks_a_status_with_matching_caller_id_and_hears_it_read_out()
    {
        // A phone whose language is not known yet is asked first.
        await _host.Services.GetRequiredService<Huduma.Contact.Core.State.IStateStore>().DeleteAsync("profile:" + EngineHarness.ReadyId.Phones[0]);
        var call = new TwilioCall(this, EngineHarness.ReadyId.Phones[0]);
        var first = await call.StartAsync();
        var gather = first.Element("Gather")!;
        Assert.Equal("dtmf", gather.Attribute("input")!.Value);
        Assert.Equal("/voice/twilio/gather", gather.Attribute("action")!.Value);
        Assert.Equal("1", gather.Attribute("numDigits")!.Value);
        Assert.Contains("For English, press 1. Kwa Kiswahili, bonyeza 2.", Said(first));
        Assert.Equal("/voice/twilio/gather?silence=1", first.Element("Redirect")!.Value); // no key: back to us

        var home = await call.PressAsync("1");
        Assert.Contains("How can we help", Said(home));
        var documents = await call.PressAsync(KeyFor(home, "Document status"));
        var asked = await call.PressAsync(KeyFor(documents, "National ID"));
        Assert.Equal("#", asked.Element("Gather")!.Attribute("finishOnKey")!.Value);
        Assert.Null(asked.Element("Gather")!.Attribute("numDigits"));
        Assert.Contains("hash key", Said(asked));

        var readBack = await call.PressAsync("23456789#");
        Assert.Contains("You entered 2 3 4 5, 6 7 8 9.", Said(readBack));
        var status = await call.PressAsync("1");
        var said = Said(status);
        Assert.Contains("Achieng Ouma", said);
        Assert.Contains("READY for collection", said);
        Assert.Contains("2 3 4 5, 6 7 8 9", said); // the number read out, not "twenty-three million…"
        Assert.Equal("en-GB", status.Descendants("Say").First().Attribute("language")!.Value);
    }

    [Theory]
    [InlineData("Find a Huduma Centre", "Choose your county", "Baringo")]
    [InlineData("Services and requirements", "Choose a service", "press 1")]
    [InlineData("Common questions", "Common questions", "press 1")]
    [InlineData("Change language", "For English, press 1", "Kwa Kiswahili, bonyeza 2")]
    public async Task Every_menu_of_the_home_menu_is_read_out_with_its_keys(string option, string title, string offers)
    {
        var (call, home) = await AtHomeAsync(Phone());
        var menu = Said(await call.PressAsync(KeyFor(home, option)));
        Assert.Contains(title, menu);
        Assert.Contains(offers, menu);
    }

    [Fact]
    public async Task A_call_back_requested_from_the_menu_makes_a_voice_ticket_and_ends_the_call()
    {
        var phone = Phone();
        var (call, home) = await AtHomeAsync(phone);
        var confirm = await call.PressAsync(KeyFor(home, "Request a call back"));
        var done = await call.PressAsync(KeyFor(confirm, "Yes, call me back"));
        Assert.NotNull(done.Element("Hangup"));
        Assert.Contains("An agent will call you back on this number", Said(done));
        var ticket = Assert.Single(await _host.Services.GetRequiredService<IEscalationStore>().ListOpenAsync(10_000), t => t.Msisdn == phone);
        Assert.Equal(("voice", "callback"), (ticket.Channel, ticket.Reason));
    }

    [Fact]
    public async Task A_caller_whose_number_does_not_match_is_asked_for_the_waiting_card_not_told_the_status()
    {
        var call = new TwilioCall(this, Phone());
        await call.StartAsync();
        var home = await call.PressAsync("1");
        var documents = await call.PressAsync(KeyFor(home, "Document status"));
        await call.PressAsync(KeyFor(documents, "National ID"));
        await call.PressAsync("23456789#");
        var answer = await call.PressAsync("1");
        var said = Said(answer);
        Assert.DoesNotContain("Achieng", said);
        Assert.DoesNotContain("READY", said);
        Assert.Contains("waiting card", said);

        // A keypad has no letters: the digits of the card's reference prove it (WC555111 → 555111).
        Assert.Contains("You entered 5 5 5 1, 1 1.", Said(await call.PressAsync("555111#")));
        var answered = Said(await call.PressAsync("1"));
        Assert.Contains("Achieng Ouma", answered);
        Assert.Contains("READY for collection", answered);
    }

    [Fact]
    public async Task A_wrong_number_can_be_typed_again_and_star_repeats_the_menu()
    {
        var (call, home) = await AtHomeAsync(EngineHarness.ReadyId.Phones[0]);
        Assert.Equal(Said(home), Said(await call.PressAsync("*")));
        var documents = await call.PressAsync(KeyFor(home, "Document status"));
        var asked = await call.PressAsync(KeyFor(documents, "National ID"));
        Assert.Contains("You entered 2 3 4 5, 6 7 8 8.", Said(await call.PressAsync("23456788#")));
        Assert.Equal(Said(asked), Said(await call.PressAsync("2"))); // enter it again: the same question
        await call.PressAsync("23456789#");
        Assert.Contains("READY", Said(await call.PressAsync("1")));
    }

    [Fact]
    public async Task The_language_is_remembered_for_the_phone_and_kiswahili_prompts_are_spoken()
    {
        var phone = Phone();
        var call = new TwilioCall(this, phone);
        await call.StartAsync();
        var home = await call.PressAsync("2");
        Assert.Contains("Tukusaidie vipi", Said(home));
        Assert.Contains("Kusikiliza tena, bonyeza nyota", Said(home));

        var again = await new TwilioCall(this, phone).StartAsync();
        Assert.Contains("Tukusaidie vipi", Said(again)); // straight to the menu, in Kiswahili
    }

    [Fact]
    public async Task A_long_list_is_read_seven_at_a_time_with_8_for_more_and_9_for_back()
    {
        var call = new TwilioCall(this, Phone());
        await call.StartAsync();
        var home = await call.PressAsync("1");
        var counties = await call.PressAsync(KeyFor(home, "Find a Huduma Centre"));
        var said = Said(counties);
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(said, @"For [^,]+, press [1-7]\.").Count);
        Assert.Contains("For more choices, press 8.", said);
        Assert.Contains("To go back, press 9.", said);
        var second = await call.PressAsync("8");
        Assert.DoesNotContain("Baringo", Said(second));
        Assert.Contains("For Homa Bay", Said(second));
        Assert.DoesNotContain("Choose your county", Said(second)); // the title only on the first group
        Assert.Contains("How can we help", Said(await call.PressAsync("9")));
    }

    [Fact]
    public async Task Silence_is_met_with_a_hint_and_the_prompt_again_and_three_silences_go_to_an_agent_in_hours()
    {
        var phone = Phone();
        var call = new TwilioCall(this, phone);
        await call.StartAsync();
        await call.PressAsync("1");
        var hint = await call.SilenceAsync();
        Assert.StartsWith("Sorry, we did not hear a key.", Said(hint));
        Assert.Contains("How can we help", Said(hint));
        await call.SilenceAsync();
        var transfer = await call.SilenceAsync();
        Assert.Equal("agents", transfer.Element("Enqueue")!.Value);
        var reference = System.Text.RegularExpressions.Regex.Match(Said(transfer), @"H K (\d) (\d), (\d) (\d) (\d) (\d)").Groups.Values.Skip(1).Aggregate("HK", (a, g) => a + g.Value);
        var ticket = await _host.Services.GetRequiredService<IEscalationStore>().GetAsync(reference);
        Assert.NotNull(ticket);
        Assert.Equal(("voice", phone, "voice-agent"), (ticket.Channel, ticket.Msisdn, ticket.Reason));
    }

    [Fact]
    public async Task Zero_goes_to_an_agent_with_the_callers_context_and_the_ticket_is_in_the_agents_queue()
    {
        var phone = Phone();
        var call = new TwilioCall(this, phone);
        await call.StartAsync();
        var home = await call.PressAsync("1");
        var documents = await call.PressAsync(KeyFor(home, "Document status"));
        await call.PressAsync(KeyFor(documents, "National ID"));
        var transfer = await call.PressAsync("0");
        Assert.Equal("agents", transfer.Element("Enqueue")!.Value);
        Assert.Contains("connect you to an agent", Said(transfer));
        var ticket = Assert.Single(await _host.Services.GetRequiredService<IEscalationStore>().ListOpenAsync(10_000), t => t.Msisdn == phone);
        Assert.Equal("en", ticket.Language);
        Assert.Equal("national_id", ticket.DocumentType);
        Assert.Contains(ticket.Path, p => p.StartsWith("status.type"));
    }

    [Fact]
    public async Task Out_of_hours_zero_offers_a_call_back_which_makes_a_ticket_and_says_goodbye()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 18, 0, 0, TimeSpan.Zero)); // Saturday night in Nairobi
        var phone = Phone();
        var call = new TwilioCall(this, phone);
        await call.StartAsync();
        await call.PressAsync("1");
        var closed = await call.PressAsync("0");
        Assert.Null(closed.Element("Enqueue"));
        Assert.Contains("not available now", Said(closed));
        var done = await call.PressAsync("1");
        Assert.NotNull(done.Element("Hangup"));
        Assert.Contains("An agent will call you back", Said(done));
        var ticket = Assert.Single(await _host.Services.GetRequiredService<IEscalationStore>().ListOpenAsync(10_000), t => t.Msisdn == phone);
        Assert.Equal(("voice", "callback"), (ticket.Channel, ticket.Reason));
    }

    [Fact]
    public async Task A_forged_or_missing_signature_is_refused_and_nothing_is_stored()
    {
        var call = new TwilioCall(this, Phone());
        var form = call.Form();
        Assert.Equal(403, (int)(await PostTwilioAsync("/voice/twilio", form, Sign(PublicBase + "/voice/twilio", form) + "x")).StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Post, "/voice/twilio") { Content = new FormUrlEncodedContent(form) };
        Assert.Equal(403, (int)(await _client.SendAsync(request)).StatusCode);
        // Signed for another URL (the query string is part of what Twilio signs).
        Assert.Equal(403, (int)(await PostTwilioAsync("/voice/twilio/gather?silence=1", form, Sign(PublicBase + "/voice/twilio/gather", form))).StatusCode);
        Assert.Null(await _host.Services.GetRequiredService<VoiceDialog>().FindAsync("twilio", call.Sid));
    }

    [Fact]
    public async Task Malformed_twilio_requests_get_4xx_and_no_500()
    {
        var form = new Dictionary<string, string> { ["AccountSid"] = Account, ["From"] = "+254722000111" }; // no CallSid
        Assert.Equal(400, (int)(await PostTwilioAsync("/voice/twilio", form, null)).StatusCode);
        var notForm = new HttpRequestMessage(HttpMethod.Post, "/voice/twilio") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        Assert.Equal(415, (int)(await _client.SendAsync(notForm)).StatusCode);
    }

    [Fact]
    public async Task The_status_callback_records_the_calls_duration_outcome_and_path()
    {
        var phone = Phone();
        var call = new TwilioCall(this, phone);
        await call.StartAsync();
        var home = await call.PressAsync("1");
        await call.PressAsync(KeyFor(home, "Document status"));
        var response = await PostTwilioAsync("/voice/twilio/status", call.Form(("CallStatus", "completed"), ("CallDuration", "42")), null);
        Assert.True(response.IsSuccessStatusCode);
        var ended = (await _host.Services.GetRequiredService<VoiceCallLog>().RecentAsync(100)).First(c => c.CallId == call.Sid);
        Assert.Equal(("completed", 42, "en"), (ended.Status, ended.DurationSeconds, ended.Language));
        Assert.Contains(ended.Path, p => p.StartsWith("main:"));
        Assert.DoesNotContain(phone, ended.Phone); // masked
    }

    // ---- Africa's Talking ----

    private async Task<XElement> AtAsync(Dictionary<string, string> form, string? token = Secret)
    {
        var response = await _client.PostAsync("/voice/africastalking" + (token is null ? "" : $"?token={token}"), new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return XDocument.Parse(body).Root!;
    }

    private static Dictionary<string, string> AtForm(string session, string caller, string? digits = null, string active = "1")
    {
        var form = new Dictionary<string, string>
        {
            ["sessionId"] = session, ["isActive"] = active, ["direction"] = "Inbound", ["callerNumber"] = caller, ["destinationNumber"] = "+254711082919",
        };
        if (digits is not null) form["dtmfDigits"] = digits;
        return form;
    }

    [Fact]
    public async Task An_africas_talking_call_runs_the_same_menus_transfers_by_dial_and_its_end_is_recorded()
    {
        var session = "ATVId_" + Guid.NewGuid().ToString("N");
        var caller = EngineHarness.ReadyId.Phones[0];
        var first = await AtAsync(AtForm(session, caller));
        var getDigits = first.Element("GetDigits")!;
        Assert.Equal($"{PublicBase}/voice/africastalking?token={Secret}", getDigits.Attribute("callbackUrl")!.Value);
        Assert.Equal("1", getDigits.Attribute("numDigits")!.Value);
        Assert.Contains("For English, press 1", Said(first));
        // No key before the timeout: AT follows the Redirect back to us, and hears the hint and the prompt again.
        var redirect = first.Element("Redirect")!.Value;
        Assert.Equal($"{PublicBase}/voice/africastalking?token={Secret}&silence=1", redirect);
        var again = XDocument.Parse(await (await _client.PostAsync(new Uri(redirect).PathAndQuery, new FormUrlEncodedContent(AtForm(session, caller))))
            .Content.ReadAsStringAsync()).Root!;
        Assert.StartsWith("Sorry, we did not hear a key.", Said(again));
        Assert.Equal($"{PublicBase}/voice/africastalking?token={Secret}", again.Element("GetDigits")!.Attribute("callbackUrl")!.Value);

        var home = await AtAsync(AtForm(session, caller, "1"));
        var documents = await AtAsync(AtForm(session, caller, KeyFor(home, "Document status")));
        var asked = await AtAsync(AtForm(session, caller, KeyFor(documents, "National ID")));
        Assert.Equal("#", asked.Element("GetDigits")!.Attribute("finishOnKey")!.Value);
        await AtAsync(AtForm(session, caller, "23456789"));
        var status = await AtAsync(AtForm(session, caller, "1"));
        Assert.Contains("READY for collection", Said(status));

        var transfer = await AtAsync(AtForm(session, caller, "0"));
        Assert.Equal("+254700100200,+254700100201", transfer.Element("Dial")!.Attribute("phoneNumbers")!.Value);

        var end = await AtAsync(AtForm(session, caller, active: "0") is var f && f.TryAdd("durationInSeconds", "95") && f.TryAdd("hangupCause", "NORMAL_CLEARING") ? f : f);
        Assert.Empty(end.Elements());
        var ended = (await _host.Services.GetRequiredService<VoiceCallLog>().RecentAsync(100)).First(c => c.CallId == session);
        Assert.Equal(("NORMAL_CLEARING", 95, true), (ended.Status, ended.DurationSeconds, ended.Transferred));
        Assert.NotNull(ended.Ticket);
    }

    [Fact]
    public async Task An_africas_talking_callback_without_the_secret_or_a_session_is_refused_and_nothing_is_stored()
    {
        var session = "ATVId_" + Guid.NewGuid().ToString("N");
        var response = await _client.PostAsync("/voice/africastalking", new FormUrlEncodedContent(AtForm(session, "+254722000111")));
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Null(await _host.Services.GetRequiredService<VoiceDialog>().FindAsync("africastalking", session));
        var noSession = await _client.PostAsync($"/voice/africastalking?token={Secret}", new FormUrlEncodedContent(new Dictionary<string, string> { ["isActive"] = "1" }));
        Assert.Equal(400, (int)noSession.StatusCode);
        Assert.Equal("missing field(s): sessionId", await noSession.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Three_wrong_keys_in_a_row_go_to_an_agent_and_without_agent_numbers_or_hours_to_a_goodbye()
    {
        var session = "ATVId_" + Guid.NewGuid().ToString("N");
        var caller = Phone();
        await AtAsync(AtForm(session, caller));
        await AtAsync(AtForm(session, caller, "1"));
        var wrong = await AtAsync(AtForm(session, caller, "7"));
        Assert.StartsWith("Invalid choice", Said(wrong));
        await AtAsync(AtForm(session, caller, "7"));
        var transfer = await AtAsync(AtForm(session, caller, "7"));
        Assert.NotNull(transfer.Element("Dial"));

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero)); // 23:00 in Nairobi
        var late = "ATVId_" + Guid.NewGuid().ToString("N");
        await AtAsync(AtForm(late, caller));
        foreach (var _ in Enumerable.Range(0, 2)) await AtAsync(AtForm(late, caller, "7"));
        var goodbye = await AtAsync(AtForm(late, caller, "7"));
        Assert.Null(goodbye.Element("Dial"));
        Assert.Null(goodbye.Element("GetDigits"));
        Assert.Contains("Goodbye", Said(goodbye));
    }
}
