using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Content;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Tests;

/// <summary>Whole USSD sessions over HTTP through the real host, with sessions and the register in a real Redis.</summary>
public sealed class UssdEndToEndTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisServer _redis;
    private readonly HudumaHost _host;
    private readonly HttpClient _client;

    public UssdEndToEndTests(RedisServer redis)
    {
        _redis = redis;
        _host = HudumaHost.OnRedis(redis);
        _client = _host.CreateClient();
    }

    public async Task InitializeAsync()
    {
        await _host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(EngineHarness.ReadyId);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IDatabase Redis => _redis.Connection.GetDatabase();

    /// <summary>A phone of its own for each test (its language, its newest session), holding a ready national ID.</summary>
    private async Task<(string Phone, string Number)> HolderAsync()
    {
        var n = Random.Shared.Next(10_000_000, 99_999_999);
        var phone = $"+2547{n}";
        var number = n.ToString();
        await _host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(EngineHarness.ReadyId with { Number = number, Phones = [phone] });
        return (phone, number);
    }

    /// <summary>A phone that has already chosen English.</summary>
    private async Task<UssdPhone> EnglishPhoneAsync(string msisdn)
    {
        var phone = new UssdPhone(_client, msisdn);
        var first = await phone.DialAsync();
        if (first.Contains("Choose language")) await phone.SendAsync(UssdPhone.Option(first, "English"));
        return phone;
    }

    [Fact]
    public async Task The_first_hop_of_a_new_phone_asks_the_language_and_the_next_session_remembers_it()
    {
        var phone = new UssdPhone(_client, "+254700555001");
        var first = await phone.DialAsync();
        Assert.StartsWith("CON ", first);
        Assert.Contains("Chagua lugha", first);
        var home = await phone.SendAsync(UssdPhone.Option(first, "Kiswahili"));
        Assert.Contains("Tukusaidie", home);

        var again = await phone.DialAsync();
        Assert.Contains("Tukusaidie", again);
        Assert.Equal("{\"lang\":\"sw\"}", (string?)await Redis.StringGetAsync("huduma:profile:+254700555001"));
    }

    [Fact]
    public async Task A_status_session_from_the_phone_on_record_shows_the_holders_document()
    {
        var (holder, number) = await HolderAsync();
        var phone = await EnglishPhoneAsync(holder);
        var types = await phone.SendAsync("1");
        await phone.SendAsync(UssdPhone.Option(types, "National"));
        var answer = await phone.SendAsync(number);
        var all = answer.Contains("98 More") ? answer + await phone.SendAsync("98") : answer;
        Assert.Contains("Achieng Ouma", all);
        Assert.Contains("READY", all);
    }

    [Fact]
    public async Task A_status_session_from_another_phone_needs_the_waiting_card_reference()
    {
        var phone = await EnglishPhoneAsync("+254733000999");
        var types = await phone.SendAsync("1");
        await phone.SendAsync(UssdPhone.Option(types, "National"));
        var ask = await phone.SendAsync("23456789");
        Assert.Contains("waiting card", ask);
        Assert.DoesNotContain("Achieng", ask);

        var answer = await phone.SendAsync("WC555111");
        var all = answer.Contains("98 More") ? answer + await phone.SendAsync("98") : answer;
        Assert.Contains("Achieng Ouma", all);
    }

    [Fact]
    public async Task Sixteen_strangers_guessing_the_reference_leave_the_holders_phone_its_status_and_a_seventeenth_is_refused()
    {
        var (holder, number) = await HolderAsync();
        async Task<string> GuessAsync(string msisdn, string reference)
        {
            var phone = await EnglishPhoneAsync(msisdn);
            var types = await phone.SendAsync("1");
            await phone.SendAsync(UssdPhone.Option(types, "National"));
            Assert.Contains("waiting card", await phone.SendAsync(number));
            return await phone.SendAsync(reference);
        }
        var tooMany = _host.Services.GetRequiredService<ContentBundle>().Prompt(PromptKeys.StatusRateLimited, Language.En);
        var prefix = Random.Shared.Next(100, 999);
        for (var i = 1; i <= 16; i++)
            Assert.DoesNotContain("Achieng", await GuessAsync($"+254733{prefix}{i:D3}", $"90{i:D4}"));

        var own = await EnglishPhoneAsync(holder);
        var types = await own.SendAsync("1");
        await own.SendAsync(UssdPhone.Option(types, "National"));
        var answer = await own.SendAsync(number);
        Assert.DoesNotContain(tooMany, answer);
        Assert.Contains("READY", answer);

        Assert.Contains(tooMany, await GuessAsync($"+254733{prefix}017", "555111"));
    }

    [Fact]
    public async Task After_a_reference_that_does_not_match_the_right_one_typed_next_gives_the_status()
    {
        // The demo register's first document, asked about from a phone that is not the holder's.
        var demo = DemoRegister.DemoPhoneDocuments(_host.Services.GetRequiredService<ContentBundle>())[0];
        await _host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(demo);
        var phone = await EnglishPhoneAsync("+254722000002");
        var types = await phone.SendAsync("1");
        await phone.SendAsync(UssdPhone.Option(types, "National"));
        Assert.Contains("waiting card", await phone.SendAsync(demo.Number));

        var mismatch = await phone.SendAsync("WC100009");
        Assert.StartsWith("CON ", mismatch);
        Assert.Contains("do not match our records", mismatch);
        Assert.DoesNotContain(demo.HolderName, mismatch);
        Assert.Contains("waiting card", mismatch);      // asked again, on the same screen

        var answer = await phone.SendAsync(demo.WaitingCardRef);
        var all = answer.Contains("98 More") ? answer + await phone.SendAsync("98") : answer;
        Assert.DoesNotContain("Invalid choice", all);
        Assert.Contains(demo.HolderName, all);
        Assert.Contains("READY", all);
    }

    [Fact]
    public async Task A_long_list_pages_with_98_and_a_choice_from_page_two_works()
    {
        var phone = await EnglishPhoneAsync("+254700555002");
        var page1 = await phone.SendAsync("2");
        Assert.Contains("98 More", page1);
        Assert.True(page1.Length - "CON ".Length <= 182, page1);
        var page2 = await phone.SendAsync("98");
        Assert.DoesNotContain(page2[4..].Split('\n'), l => l.StartsWith("1. "));
        var pick = page2.Split('\n').First(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+\. "));
        var county = pick[(pick.IndexOf(". ") + 2)..];
        var centres = await phone.SendAsync(pick[..pick.IndexOf('.')]);
        Assert.Contains(county, centres);

        var back = await phone.SendAsync("0");
        Assert.Contains("Choose your county", back);
        var home = await phone.SendAsync("00");
        Assert.Contains("How can we help", home);
    }

    [Fact]
    public async Task Zero_on_a_later_page_goes_back_a_page()
    {
        var phone = await EnglishPhoneAsync("+254700555003");
        var page1 = await phone.SendAsync("2");
        await phone.SendAsync("98");
        Assert.Equal(page1, await phone.SendAsync("0"));
    }

    [Fact]
    public async Task Wrong_input_shows_the_screen_again_and_the_third_ends_politely()
    {
        var phone = await EnglishPhoneAsync("+254700555004");
        var wrong = await phone.SendAsync("9");
        Assert.StartsWith("CON Invalid choice", wrong);
        Assert.Contains("How can we help", wrong);
        await phone.SendAsync("abc");
        var end = await phone.SendAsync("77");
        Assert.StartsWith("END ", end);
        Assert.Contains("1919", end);
    }

    [Fact]
    public async Task An_input_holding_a_star_reaches_the_dialog_whole()
    {
        var (holder, number) = await HolderAsync();
        var phone = await EnglishPhoneAsync(holder);
        var types = await phone.SendAsync("1");
        await phone.SendAsync(UssdPhone.Option(types, "National"));
        // "1234*5678" is one input (a slip of the finger inside the number), not "1234" then "5678":
        // read whole, its punctuation dropped, it finds the document.
        var answer = await phone.SendAsync(number[..4] + "*" + number[4..]);
        Assert.Contains("READY", answer + (answer.Contains("98 More") ? await phone.SendAsync("98") : ""));
    }

    [Fact]
    public async Task A_repeated_callback_gets_the_same_answer_and_does_not_advance()
    {
        var phone = await EnglishPhoneAsync("+254700555005");
        var centres = await phone.SendAsync("2");
        Assert.Equal(centres, await phone.RepeatAsync());
        var next = await phone.SendAsync("98");
        Assert.NotEqual(centres, next);
    }

    [Fact]
    public async Task A_dropped_session_can_be_resumed_by_dialling_again()
    {
        var phone = await EnglishPhoneAsync("+254700555006");
        var types = await phone.SendAsync("1");
        var prompt = await phone.SendAsync(UssdPhone.Option(types, "Birth"));
        Assert.Contains("Enter the", prompt);
        // The network drops the session: no END was sent. The citizen dials again.
        var offer = await phone.DialAsync();
        Assert.Contains("Continue where you left off?", offer);
        var resumed = await phone.SendAsync("1");
        Assert.Equal(prompt, resumed);

        var offerAgain = await phone.DialAsync();
        Assert.Contains("Continue where you left off?", offerAgain);
        var fresh = await phone.SendAsync("2");
        Assert.Contains("How can we help", fresh);
    }

    [Fact]
    public async Task Two_sessions_of_one_phone_at_once_keep_their_own_places()
    {
        var a = await EnglishPhoneAsync("+254700555007");
        var b = new UssdPhone(_client, "+254700555007");
        await b.DialAsync();
        var aScreen = await a.SendAsync("2");
        var bScreen = await b.SendAsync("3");
        Assert.Contains("county", aScreen);
        Assert.Contains("Choose a service", bScreen);
        var aPage2 = await a.SendAsync("98");
        Assert.DoesNotContain("Choose a service", aPage2);
        Assert.DoesNotContain("\n1. ", "\n" + aPage2[4..]);
        Assert.Contains("How can we help", await b.SendAsync("0"));
    }

    [Fact]
    public async Task A_call_back_request_ends_with_a_reference_and_leaves_a_ticket_in_redis()
    {
        var phone = await EnglishPhoneAsync("+254700555008");
        var confirm = await phone.SendAsync("4");
        var done = await phone.SendAsync(UssdPhone.Option(confirm, "Yes"));
        Assert.StartsWith("END ", done);
        var reference = System.Text.RegularExpressions.Regex.Match(done, "HK[0-9]{6}").Value;
        // In the escalations' bucket its number names (RedisEscalationStore).
        var bucket = new Huduma.Contact.Core.State.RedisBuckets("esc").Tag((int)(long.Parse(reference[2..]) % Huduma.Contact.Core.State.RedisBuckets.Count));
        var ticket = (string?)await Redis.StringGetAsync($"huduma:{bucket}:ticket:{reference}");
        Assert.NotNull(ticket);
        Assert.Contains("+254700555008", ticket);
        Assert.Contains("main:4", ticket);
    }

    [Fact]
    public async Task A_retried_call_back_hop_racing_the_original_makes_one_ticket()
    {
        var phone = await EnglishPhoneAsync("+254700555009");
        var confirm = await phone.SendAsync("4");
        var form = phone.Form(UssdPhone.Option(confirm, "Yes"));
        // The gateway gives up waiting and sends the same callback again while the first is in flight.
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            await (await UssdPhone.PostAsync(_client, form)).Content.ReadAsStringAsync()));
        var references = answers.Select(a => System.Text.RegularExpressions.Regex.Match(a, "HK[0-9]{6}").Value).Distinct().ToList();
        Assert.Single(references);
        Assert.NotEqual("", references[0]);
        var open = await _host.Services.GetRequiredService<Core.Escalations.IEscalationStore>().ListOpenAsync(10_000);
        Assert.Single(open, t => t.Msisdn == "+254700555009");
    }

    [Theory]
    [InlineData("serviceCode=*384*1919%23&phoneNumber=%2B254711000001&text=", "missing field(s): sessionId")]
    [InlineData("sessionId=x1&serviceCode=*384*1919%23&text=", "missing field(s): phoneNumber")]
    [InlineData("sessionId=x2&serviceCode=*384*1919%23&phoneNumber=12345&text=", "phoneNumber is not a valid phone number")]
    public async Task A_malformed_callback_gets_400_with_the_reason_and_stores_nothing(string form, string reason)
    {
        var before = await _redis.AppKeyCountAsync();
        var response = await _client.PostAsync("/ussd/africastalking",
            new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await _redis.AppKeyCountAsync());
    }

    [Fact]
    public async Task A_json_body_is_refused_with_415()
    {
        var response = await _client.PostAsync("/ussd/africastalking",
            new StringContent("{\"sessionId\":\"1\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Contains("x-www-form-urlencoded", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_session_in_redis_expires_after_the_resume_window_and_stays_under_one_kilobyte()
    {
        var holder = (await HolderAsync()).Phone;
        var phone = await EnglishPhoneAsync(holder);
        var types = await phone.SendAsync("1");
        await phone.SendAsync(UssdPhone.Option(types, "National"));
        // Kept under the phone's number (its newest session), which is how a redial finds it.
        var key = $"huduma:ussd:{holder}";
        var ttl = await Redis.KeyTimeToLiveAsync(key);
        // Kept for the resume window (5 minutes) so a redial can continue it; then Redis drops it.
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        var bytes = (long)await Redis.ExecuteAsync("MEMORY", "USAGE", key);
        Assert.True(bytes < 1024, $"{bytes} bytes");
    }

    [Fact]
    public async Task End_of_session_notifications_are_recorded_with_the_phone_masked()
    {
        var response = await UssdPhone.PostAsync(_client, new Dictionary<string, string>
        {
            ["sessionId"] = "ATUid_end1", ["serviceCode"] = "*384*1919#", ["phoneNumber"] = "+254711000001", ["networkCode"] = "63902",
            ["status"] = "Incomplete", ["input"] = "2", ["durationInMillis"] = "45000", ["hopsCount"] = "3", ["cost"] = "KES 0.00",
            ["errorMessage"] = "USER_TIMEOUT", ["date"] = "2026-11-27 10:00:00", ["extraField"] = "kept quiet",
        }, path: "/ussd/africastalking/events");
        Assert.Equal(200, (int)response.StatusCode);
        var recorded = (await Redis.ListRangeAsync("huduma:ussd:events", 0, 50)).Select(v => v.ToString()).First(v => v.Contains("ATUid_end1"));
        Assert.Contains("USER_TIMEOUT", recorded);
        Assert.Contains("+254711***001", recorded);
        Assert.DoesNotContain("+254711000001", recorded);
    }

    [Fact]
    public async Task Health_is_live_and_ready_with_redis()
    {
        Assert.Equal(200, (int)(await _client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(200, (int)(await _client.GetAsync("/health/ready")).StatusCode);
    }
}
