using System.Text;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Junk at every provider callback: a clear 4xx, nothing stored, never a 500. And every SMS keyword, in
/// both languages, through both providers' inbound webhooks.
/// </summary>
public sealed class ProviderInputTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisServer _redis;
    private readonly HudumaHost _host;
    private readonly HttpClient _client;

    public ProviderInputTests(RedisServer redis)
    {
        _redis = redis;
        // No secrets: the filters under test here are the form rules, not authentication.
        _host = HudumaHost.OnRedis(redis);
        _client = _host.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string, string?, int> Junk => new()
    {
        { "/sms/africastalking/inbound", "from=%2B254711000001&text=" + new string('x', 10 * 1024) + "&id=1", "application/x-www-form-urlencoded", 413 },
        { "/sms/twilio/inbound", "From=%2B254711000001&Body=" + new string('x', 10 * 1024) + "&MessageSid=SM1", "application/x-www-form-urlencoded", 413 },
        { "/ussd/africastalking", "sessionId=1&text=" + new string('1', 10 * 1024), "application/x-www-form-urlencoded", 413 },
        { "/sms/africastalking/inbound", "from=%ZZ%2B2547&text=%E0%A4%A&id=%%%", "application/x-www-form-urlencoded", 400 },
        { "/sms/africastalking/inbound", "{\"from\":\"+254711000001\"}", "application/json", 415 },
        { "/sms/twilio/inbound", "<xml/>", "text/xml", 415 },
        { "/sms/africastalking/inbound", "to=1919&text=HELP&id=7", "application/x-www-form-urlencoded", 400 },
        { "/sms/africastalking/inbound", "from=0000&to=1919&text=HELP&id=8", "application/x-www-form-urlencoded", 400 },
        { "/sms/twilio/inbound", "From=junk&Body=HELP&MessageSid=SM9", "application/x-www-form-urlencoded", 400 },
        { "/sms/twilio/inbound", "From=%2B254711000001&Body=HELP", "application/x-www-form-urlencoded", 400 },
        { "/sms/africastalking/delivery", "status=Success", "application/x-www-form-urlencoded", 400 },
        { "/ussd/africastalking/events", "status=Success", "application/x-www-form-urlencoded", 400 },
    };

    [Theory]
    [MemberData(nameof(Junk))]
    public async Task Junk_gets_a_clear_4xx_and_stores_nothing(string path, string body, string? contentType, int expected)
    {
        var before = await _redis.AppKeyCountAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await _client.PostAsync(path, content);
        Assert.Equal(expected, (int)response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await _redis.AppKeyCountAsync());
    }

    public static TheoryData<string, string> Keywords => new()
    {
        { "HELP", "Send: ID" }, { "msaada", "Tuma: KITAMBULISHO" },
        { "ID 98765432", "waiting card" }, { "kitambulisho 98765432", "kadi yako ya kusubiri" },
        { "birth 100200300", "waiting card" }, { "cheti cha kuzaliwa 100200300", "kadi yako ya kusubiri" },
        { "DL DL0012345", "waiting card" }, { "leseni DL0012345", "kadi yako ya kusubiri" },
        { "CENTRE Kisumu", "Kisumu" }, { "kituo Kisumu", "Kisumu" },
        { "AGENT my ID is late", "HK" }, { "wakala kitambulisho changu", "HK" },
        { "STOP", "START" }, { "ACHA", "ANZA" },
        { "START", "STOP" }, { "ANZA", "ACHA" },
    };

    [Theory]
    [MemberData(nameof(Keywords))]
    public async Task Every_keyword_in_both_languages_is_answered_through_both_providers(string message, string expected)
    {
        var phone = $"+2547{Random.Shared.Next(10_000_000, 99_999_999)}";
        var at = await _client.PostAsync("/sms/africastalking/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = phone, ["to"] = "1919", ["text"] = message, ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"), ["date"] = "2026-11-27 10:00:00",
        }));
        Assert.Equal(200, (int)at.StatusCode);
        // The reply goes out after the 200, from the queue.
        var queue = _host.Services.GetRequiredService<Huduma.Contact.Core.Messaging.ISmsQueue>();
        await Eventually.WaitUntil(async () => await queue.CountAsync() == 0, TimeSpan.FromSeconds(10), "the queued reply to be sent");
        var inbox = await _host.Services.GetRequiredService<Huduma.Contact.Sms.Simulator.SimulatorSmsSender>().InboxAsync(phone, 5);
        Assert.Contains(expected, Assert.Single(inbox).Text);

        var other = $"+2547{Random.Shared.Next(10_000_000, 99_999_999)}";
        var twilio = await _client.PostAsync("/sms/twilio/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["From"] = other, ["To"] = "+254700001919", ["Body"] = message, ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
            ["AccountSid"] = "AC00000000000000000000000000000001",
        }));
        Assert.Equal(200, (int)twilio.StatusCode);
        var twiml = System.Xml.Linq.XDocument.Parse(await twilio.Content.ReadAsStringAsync());
        Assert.Contains(expected, twiml.Root!.Element("Message")!.Value);
    }
}
