using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huduma.Contact.Bot.Connector;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// POST /api/messages as a Bot Framework channel calls it: JWTs signed by a key published at a local
/// OpenID metadata endpoint, replies posted back to the channel's serviceUrl, against real Redis.
/// </summary>
public sealed class BotConnectorTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string AgentKey = "agent-key-for-connector-tests";
    private BotFrameworkChannelSimulator _channel = null!;
    private HudumaHost _host = null!;

    public async Task InitializeAsync()
    {
        _channel = await BotFrameworkChannelSimulator.StartAsync();
        _host = HostWith(BotFrameworkChannelSimulator.AppId);
    }

    private HudumaHost HostWith(string appId) => new(new Dictionary<string, string?>
    {
        ["Redis:ConnectionString"] = redis.ConnectionString,
        ["Bot:MicrosoftAppId"] = appId, ["Bot:MicrosoftAppPassword"] = BotFrameworkChannelSimulator.AppPassword,
        ["Bot:OpenIdMetadataUrl"] = _channel.MetadataUrl, ["Bot:TokenEndpoint"] = _channel.TokenEndpoint,
        [$"{AgentApiOptions.Section}:Keys:0:Agent"] = "Amina", [$"{AgentApiOptions.Section}:Keys:0:Key"] = AgentKey,
    });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _channel.DisposeAsync();
    }

    private object Message(string conversation, string text, string? serviceUrl = null, string id = "m1") => new
    {
        type = "message", id, channelId = "msteams", serviceUrl = serviceUrl ?? _channel.BaseUrl, text,
        from = new { id = "29:citizen", name = "Citizen" }, recipient = new { id = "28:huduma-bot", name = "Huduma 1919" },
        conversation = new { id = conversation }, timestamp = UtcNowText(),
    };

    private static string UtcNowText() => DateTimeOffset.UtcNow.ToString("O");

    private Task<HttpResponseMessage> PostAsync(object activity, string? token)
    {
        var client = _host.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.PostAsJsonAsync("/api/messages", activity);
    }

    private Task<bool> StoredAsync(string conversation) =>
        _host.Services.GetRequiredService<IConversationLog>().ExistsAsync(ConnectorChannel.LocalId("msteams", conversation));

    [Fact]
    public async Task A_signed_activity_is_answered_at_the_channels_service_url_with_the_bots_own_token()
    {
        var conversation = "a:" + Guid.NewGuid().ToString("N");
        var response = await PostAsync(Message(conversation, "hello", id: "channel-activity-7"), _channel.Sign(_channel.BaseUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var (path, authorization, reply) = Assert.Single(await _channel.WaitForAsync(1));
        Assert.Equal($"/v3/conversations/{conversation}/activities/channel-activity-7", path); // the path as decoded by the channel
        Assert.Equal($"Bearer {BotFrameworkChannelSimulator.BotToken}", authorization);
        Assert.Equal("message", reply.GetProperty("type").GetString());
        Assert.Equal(("28:huduma-bot", "29:citizen"), (reply.GetProperty("from").GetProperty("id").GetString(), reply.GetProperty("recipient").GetProperty("id").GetString()));
        Assert.Equal(conversation, reply.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Contains("Choose language", reply.GetProperty("text").GetString());
        Assert.Contains(reply.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray(), a => a.GetProperty("title").GetString() == "Kiswahili");

        // The conversation goes on, in Kiswahili; the bot's token is fetched once and reused.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message(conversation, "Kiswahili", id: "m2"), _channel.Sign(_channel.BaseUrl))).StatusCode);
        var second = (await _channel.WaitForAsync(2))[1].Activity;
        Assert.Contains("Tukusaidie vipi?", second.GetProperty("text").GetString());
        Assert.Equal(1, _channel.TokenRequests);
    }

    [Fact]
    public async Task Tokens_with_a_wrong_audience_or_issuer_expired_forged_missing_or_for_another_service_url_are_refused_and_nothing_is_kept()
    {
        var serviceUrl = _channel.BaseUrl;
        var refused = new Dictionary<string, string?>
        {
            ["wrong audience"] = _channel.Sign(serviceUrl, audience: "some-other-bot"),
            ["wrong issuer"] = _channel.Sign(serviceUrl, issuer: "https://evil.example"),
            ["expired beyond the skew"] = _channel.Sign(serviceUrl, expires: DateTime.UtcNow.AddMinutes(-6)),
            ["forged signature"] = _channel.Sign(serviceUrl, signWith: _channel.ForgedKey()),
            ["for another serviceUrl"] = _channel.Sign("http://127.0.0.1:9/elsewhere"),
            ["no token"] = null,
            ["not a JWT"] = "abc.def.ghi",
        };
        foreach (var (why, token) in refused)
        {
            var conversation = "refused:" + Guid.NewGuid().ToString("N");
            var response = await PostAsync(Message(conversation, "hello"), token);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {response.StatusCode}");
            Assert.False(await StoredAsync(conversation), why);
        }
        // Within the 5 minutes of clock skew, a token just expired still passes.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("skew:" + Guid.NewGuid().ToString("N"), "hello"),
            _channel.Sign(serviceUrl, expires: DateTime.UtcNow.AddMinutes(-2)))).StatusCode);
        Assert.Single(await _channel.WaitForAsync(1));
    }

    [Fact]
    public async Task Malformed_or_oversized_activities_get_400_not_500_and_store_nothing()
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _channel.Sign(_channel.BaseUrl));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/messages", new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/messages", new { type = "message", text = "hi", serviceUrl = _channel.BaseUrl })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/messages", new { text = "hi", conversation = new { id = "x" }, serviceUrl = _channel.BaseUrl })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/messages", new { type = "message", conversation = new { id = "x" }, serviceUrl = "not a url" })).StatusCode);
        var conversation = "big:" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(Message(conversation, new string('a', 2001)), _channel.Sign(_channel.BaseUrl))).StatusCode);
        Assert.False(await StoredAsync(conversation));
        Assert.Empty(_channel.Received);
    }

    [Fact]
    public async Task Without_an_app_id_it_runs_open_as_the_emulator_expects_and_answers_only_a_channel_on_this_machine()
    {
        await using var open = HostWith("");
        var client = open.CreateClient();
        var conversation = "emulator:" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/messages", Message(conversation, "hello"))).StatusCode);
        var (_, authorization, reply) = Assert.Single(await _channel.WaitForAsync(1));
        Assert.Null(authorization);
        Assert.Contains("Choose language", reply.GetProperty("text").GetString());

        // A serviceUrl elsewhere is not posted to (an unauthenticated caller could otherwise aim the bot anywhere).
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/messages", Message("elsewhere", "hello", serviceUrl: "http://192.0.2.1/"))).StatusCode);
        await Task.Delay(200);
        Assert.Single(_channel.Received);
    }

    [Fact]
    public async Task A_handoff_from_a_channel_reaches_the_agents_and_their_reply_is_posted_to_the_channel()
    {
        var conversation = "handoff:" + Guid.NewGuid().ToString("N");
        foreach (var (text, i) in new[] { "hi", "English", "talk to a person" }.Select((t, i) => (t, i)))
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message(conversation, text, id: $"m{i}"), _channel.Sign(_channel.BaseUrl))).StatusCode);
        var posted = await _channel.WaitForAsync(4);
        var initiate = Assert.Single(posted, p => p.Activity.GetProperty("type").GetString() == "event");
        Assert.Equal("handoff.initiate", initiate.Activity.GetProperty("name").GetString());
        var reference = initiate.Activity.GetProperty("value").GetProperty("reference").GetString()!;

        var agents = _host.CreateClient();
        agents.DefaultRequestHeaders.Add(AgentKeyFilter.Header, AgentKey);
        Assert.Equal(HttpStatusCode.OK, (await agents.PostAsJsonAsync($"/api/agents/escalations/{reference}/claim", new { agent = "Amina" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agents.PostAsJsonAsync($"/api/agents/escalations/{reference}/reply", new { agent = "Amina", text = "Habari, I can help." })).StatusCode);
        var all = await _channel.WaitForAsync(7);
        var reply = all[^1].Activity;
        Assert.Equal(("Habari, I can help.", "Amina", "28:huduma-bot"),
            (reply.GetProperty("text").GetString(), reply.GetProperty("from").GetProperty("name").GetString(), reply.GetProperty("from").GetProperty("id").GetString()));
        Assert.Contains(all, p => p.Activity.TryGetProperty("name", out var n) && n.GetString() == "handoff.status");
    }
}
