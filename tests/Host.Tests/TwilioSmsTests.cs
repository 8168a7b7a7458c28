using System.Xml.Linq;
using Huduma.Contact.Core.Register;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Twilio's incoming-SMS webhook through the host. Signatures are computed here from Twilio's documented
/// algorithm (HMAC-SHA1 of the URL followed by the sorted parameters, Base64), independently of the
/// library the host uses to check them.
/// </summary>
public sealed class TwilioSmsTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Token = "twilio-auth-token";
    private const string Account = "AC00000000000000000000000000000001";
    private const string PublicBase = "https://huduma.example.go.ke";
    private readonly HudumaHost _host;
    private readonly HttpClient _client;

    public TwilioSmsTests(RedisServer redis)
    {
        // Behind a proxy: Twilio calls the public URL, the host sees http://localhost.
        _host = HudumaHost.OnRedis(redis, ("Twilio:AccountSid", Account), ("Twilio:AuthToken", Token), ("PublicBaseUrl", PublicBase),
            ("Twilio:AdditionalAccounts:AC00000000000000000000000000000002", "sub-token"));
        _client = _host.CreateClient();
    }

    public Task InitializeAsync() => _host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(EngineHarness.ReadyId);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Sign(string token, string url, IDictionary<string, string> form) => TwilioSignature.Sign(token, url, form);

    private static Dictionary<string, string> Message(string from, string body, string? sid = null, string account = Account) => new()
    {
        ["MessageSid"] = sid ?? "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = account, ["From"] = from, ["To"] = "+254700001919",
        ["Body"] = body, ["NumMedia"] = "0", ["NumSegments"] = "1", ["ApiVersion"] = "2010-04-01",
    };

    private async Task<(int Status, string Body)> Post(Dictionary<string, string> form, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/sms/twilio/inbound") { Content = new FormUrlEncodedContent(form) };
        if (signature is not null) request.Headers.Add("X-Twilio-Signature", signature);
        var response = await _client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? Reply(string twiml) => XDocument.Parse(twiml).Root!.Element("Message")?.Value;

    [Fact]
    public async Task A_signed_status_message_is_answered_in_twiml()
    {
        var form = Message("+254722000111", "ID 23456789");
        var (status, body) = await Post(form, Sign(Token, PublicBase + "/sms/twilio/inbound", form));
        Assert.Equal(200, status);
        Assert.Contains("Achieng Ouma", Reply(body));
    }

    [Fact]
    public async Task A_bad_or_missing_signature_gets_403_and_no_answer()
    {
        var form = Message("+254722000111", "ID 23456789");
        Assert.Equal(403, (await Post(form, Sign("wrong-token", PublicBase + "/sms/twilio/inbound", form))).Status);
        Assert.Equal(403, (await Post(form, null)).Status);
        // Signed for the internal URL rather than the public one Twilio called: refused too.
        Assert.Equal(403, (await Post(form, Sign(Token, "http://localhost/sms/twilio/inbound", form))).Status);
    }

    [Fact]
    public async Task A_pooled_number_and_a_subaccount_are_verified_with_their_own_accounts_token()
    {
        var pooled = Message("+254722000111", "HELP");
        pooled["MessagingServiceSid"] = "MG00000000000000000000000000000009";
        pooled["To"] = "+254700009999";
        Assert.Equal(200, (await Post(pooled, Sign(Token, PublicBase + "/sms/twilio/inbound", pooled))).Status);

        var sub = Message("+254722000111", "HELP", account: "AC00000000000000000000000000000002");
        Assert.Equal(200, (await Post(sub, Sign("sub-token", PublicBase + "/sms/twilio/inbound", sub))).Status);
        Assert.Equal(403, (await Post(sub, Sign(Token, PublicBase + "/sms/twilio/inbound", sub))).Status);
    }

    [Fact]
    public async Task The_same_message_sid_twice_is_answered_once()
    {
        var form = Message("+254733000444", "HELP", sid: "SM" + Guid.NewGuid().ToString("N"));
        var signature = Sign(Token, PublicBase + "/sms/twilio/inbound", form);
        Assert.NotNull(Reply((await Post(form, signature)).Body));
        var (status, again) = await Post(form, signature);
        Assert.Equal(200, status);
        Assert.Null(Reply(again));
    }
}
