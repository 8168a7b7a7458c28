using System.Text.RegularExpressions;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The menus by SMS over the real path: Africa's Talking posts each inbound SMS to the host's webhook, state
/// lives in a real Redis, and every reply goes out through Africa's Talking's API (a loopback simulator).
/// </summary>
public sealed class SmsMenusEndToEndTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private AfricasTalkingApiSimulator _at = null!;
    private HudumaHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _at = await AfricasTalkingApiSimulator.StartAsync();
        _host = HudumaHost.OnRedis(redis, ("AfricasTalking:CallbackSecret", "sms-secret"),
            ("Sms:Primary", "AfricasTalking"), ("AfricasTalking:BaseUrl", _at.BaseUrl), ("AfricasTalking:Username", AfricasTalkingApiSimulator.Username),
            ("AfricasTalking:ApiKey", AfricasTalkingApiSimulator.ApiKey), ("AfricasTalking:SenderId", "HUDUMA"));
        _client = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _at.DisposeAsync();
    }

    private List<string> SentTo(string phone) => _at.Accepted.Where(r => r.GetValueOrDefault("to") == phone).Select(r => r["message"]).ToList();

    /// <summary>Texts 1919 as Africa's Talking delivers an SMS, and returns the reply Africa's Talking is asked to send.</summary>
    private async Task<string> TextAsync(string phone, string text)
    {
        var before = SentTo(phone).Count;
        var response = await _client.PostAsync("/sms/africastalking/inbound?token=sms-secret", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = phone, ["to"] = "1919", ["text"] = text, ["date"] = "2026-12-06 10:00:00", ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"),
            ["linkId"] = "", ["networkCode"] = "63902",
        }));
        Assert.Equal(200, (int)response.StatusCode);
        await Eventually.WaitUntil(() => Task.FromResult(SentTo(phone).Count > before), TimeSpan.FromSeconds(10), $"the reply to '{text}'");
        return SentTo(phone)[^1];
    }

    /// <summary>The number a reply's menu gives the option whose label contains the text, as a citizen reads it.</summary>
    private static string KeyOf(string reply, string label) =>
        reply.Split('\n').Select(l => Regex.Match(l, @"^(\d+) (.*)$")).First(m => m.Success && m.Groups[2].Value.Contains(label)).Groups[1].Value;

    [Fact]
    public async Task A_citizen_walks_the_menu_by_numbered_sms_replies_to_a_services_requirements()
    {
        var phone = "+254711" + Random.Shared.Next(100_000, 999_999);
        var home = await TextAsync(phone, "MENU");
        Assert.Contains("How can we help?", home);

        var services = await TextAsync(phone, KeyOf(home, "Services and requirements"));
        Assert.Contains("Choose a service", services);
        Assert.Contains("98 More", services);

        var requirements = await TextAsync(phone, KeyOf(services, "National ID (first time)"));
        Assert.Contains("original birth certificate", requirements);
        var rest = await TextAsync(phone, "98");
        Assert.Contains("Confirm at the centre or call 1919.", rest);
        Assert.Contains("Sample info, to be confirmed", rest);

        Assert.Contains("Choose a service", await TextAsync(phone, "0"));
        Assert.All(SentTo(phone), m => Assert.True(Huduma.Contact.Core.Messaging.SmsSize.Of(m).Segments <= 2, m));
    }
}
