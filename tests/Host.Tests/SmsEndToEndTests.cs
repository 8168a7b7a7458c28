using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>Africa's Talking SMS callbacks over HTTP through the host, state in a real Redis, replies to the simulator.</summary>
public sealed class SmsEndToEndTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly HudumaHost _host;
    private readonly HttpClient _client;
    private readonly RedisServer _redis;

    public SmsEndToEndTests(RedisServer redis)
    {
        _redis = redis;
        _host = HudumaHost.OnRedis(redis, ("AfricasTalking:CallbackSecret", "sms-secret"));
        _client = _host.CreateClient();
    }

    public Task InitializeAsync() => _host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(EngineHarness.ReadyId);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> Inbound(string from, string text, string id, string? token = "sms-secret") =>
        _client.PostAsync("/sms/africastalking/inbound" + (token is null ? "" : $"?token={token}"), new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["from"] = from, ["to"] = "1919", ["text"] = text, ["date"] = "2026-11-27 10:00:00", ["id"] = id,
                ["linkId"] = "", ["networkCode"] = "63902",
            }));

    /// <summary>The phone's inbox once every queued reply has been sent: replies go out after the webhook's 200.</summary>
    private async Task<IReadOnlyList<SimulatedSms>> Inbox(string phone)
    {
        var queue = _host.Services.GetRequiredService<ISmsQueue>();
        await Eventually.WaitUntil(async () => await queue.CountAsync() == 0, TimeSpan.FromSeconds(10), "the queued replies to be sent");
        return await _host.Services.GetRequiredService<SimulatorSmsSender>().InboxAsync(phone, 50);
    }

    [Fact]
    public async Task A_status_keyword_is_answered_by_sms_once_even_when_the_callback_is_repeated()
    {
        var id = "ATXid_" + Guid.NewGuid().ToString("N");
        Assert.Equal(200, (int)(await Inbound("+254722000111", "ID 23456789", id)).StatusCode);
        Assert.Equal(200, (int)(await Inbound("+254722000111", "ID 23456789", id)).StatusCode);
        var sent = Assert.Single(await Inbox("+254722000111"), m => m.Text.Contains("23456789"));
        Assert.Contains("Achieng Ouma", sent.Text);
    }

    [Fact]
    public async Task A_retry_of_a_message_another_host_is_answering_is_told_to_come_back_and_answered_when_it_does()
    {
        var id = "ATXid_" + Guid.NewGuid().ToString("N");
        // Another host took the message a moment ago (its lease) and has not answered it yet, or died.
        var lease = (StackExchange.Redis.RedisKey)$"huduma:sms:seen:africastalking:{id}";
        // A minute to live, ended by the test below (as its expiry would): a loaded machine cannot let it lapse first.
        await _redis.Connection.GetDatabase().StringSetAsync(lease, "{}", TimeSpan.FromMinutes(1));

        var busy = await Inbound("+254700888010", "HELP", id);
        Assert.Equal(503, (int)busy.StatusCode);
        Assert.NotNull(busy.Headers.RetryAfter);
        Assert.Empty(await Inbox("+254700888010"));

        // The other host's lease lapses (it died) or it let go.
        await _redis.Connection.GetDatabase().KeyDeleteAsync(lease);
        Assert.Equal(200, (int)(await Inbound("+254700888010", "HELP", id)).StatusCode);
        Assert.Single(await Inbox("+254700888010"));
    }

    [Fact]
    public async Task Without_the_token_the_callback_is_refused_and_nothing_is_sent()
    {
        Assert.Equal(403, (int)(await Inbound("+254700888001", "HELP", "ATXid_x1", token: null)).StatusCode);
        Assert.Empty(await Inbox("+254700888001"));
    }

    [Theory]
    [InlineData("to=1919&text=HELP&id=1", "missing field(s): from")]
    [InlineData("from=%2B254700888002&to=1919&text=HELP", "missing field(s): id")]
    [InlineData("from=hello&to=1919&text=HELP&id=2", "from is not a valid phone number")]
    public async Task A_malformed_callback_gets_400_with_the_reason(string form, string reason)
    {
        var response = await _client.PostAsync("/sms/africastalking/inbound?token=sms-secret",
            new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(reason, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stop_survives_in_redis_and_silences_other_replies()
    {
        await Inbound("+254700888003", "STOP", "ATXid_s1");
        await Inbound("+254700888003", "HELP", "ATXid_s2");
        var sent = Assert.Single(await Inbox("+254700888003"));
        Assert.Contains("START", sent.Text);
    }

    [Fact]
    public async Task An_sms_agent_request_is_answered_by_an_agent_by_sms_then_the_citizen_rates_the_help_with_a_digit()
    {
        var phone = "+254722000" + Random.Shared.Next(100, 999);
        Assert.Equal(200, (int)(await Inbound(phone, "WAKALA nimepoteza kitambulisho", "ATXid_" + Guid.NewGuid().ToString("N"))).StatusCode);
        var reference = System.Text.RegularExpressions.Regex.Match(Assert.Single(await Inbox(phone)).Text, "HK[0-9]{6}").Value;

        var desk = _host.Services.GetRequiredService<Huduma.Contact.Core.Escalations.EscalationDesk>();
        Assert.True((await desk.ClaimAsync(reference, "amina")).Succeeded);
        Assert.True((await desk.ResolveAsync(reference, "amina", "answered")).Succeeded);
        var ask = (await Inbox(phone)).Single(m => m.Text.Contains("kutoka 1 (mbaya) hadi 5"));
        Assert.Contains(reference, ask.Text); // in Kiswahili, as the citizen wrote

        Assert.Equal(200, (int)(await Inbound(phone, " 5 ", "ATXid_" + Guid.NewGuid().ToString("N"))).StatusCode);
        Assert.Contains(await Inbox(phone), m => m.Text == "Asante kwa kukadiria msaada wa Huduma 1919.");
        var ticket = await _host.Services.GetRequiredService<Huduma.Contact.Core.Escalations.IEscalationStore>().GetAsync(reference);
        Assert.Equal(5, ticket!.Rating);

        // A second digit is no longer a rating.
        Assert.Equal(200, (int)(await Inbound(phone, "1", "ATXid_" + Guid.NewGuid().ToString("N"))).StatusCode);
        Assert.Equal(5, (await _host.Services.GetRequiredService<Huduma.Contact.Core.Escalations.IEscalationStore>().GetAsync(reference))!.Rating);
    }
}
