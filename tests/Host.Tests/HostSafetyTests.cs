using Huduma.Contact.TestSupport;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Tests;

/// <summary>What the host does when it is attacked, misconfigured or loses Redis.</summary>
public sealed class HostSafetyTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static Dictionary<string, string> FirstHop(string session, string phone = "+254711000001") => new()
    {
        ["sessionId"] = session, ["serviceCode"] = "*384*1919#", ["phoneNumber"] = phone, ["networkCode"] = "63902", ["text"] = "",
    };

    [Fact]
    public async Task With_a_callback_secret_a_wrong_or_missing_token_gets_403_and_stores_nothing()
    {
        await using var host = HudumaHost.OnRedis(redis, ("AfricasTalking:CallbackSecret", "s3cret-token"));
        var client = host.CreateClient();

        var missing = await UssdPhone.PostAsync(client, FirstHop("sec-1", "+254711000101"));
        var wrong = await UssdPhone.PostAsync(client, FirstHop("sec-2", "+254711000102"), token: "guess");
        var events = await UssdPhone.PostAsync(client, FirstHop("sec-3"), path: "/ussd/africastalking/events");
        Assert.Equal(403, (int)missing.StatusCode);
        Assert.Equal(403, (int)wrong.StatusCode);
        Assert.Equal(403, (int)events.StatusCode);
        var db = redis.Connection.GetDatabase();
        Assert.False(await db.KeyExistsAsync("huduma:ussd:+254711000101"));
        Assert.False(await db.KeyExistsAsync("huduma:ussd:+254711000102"));

        var right = await UssdPhone.PostAsync(client, FirstHop("sec-4", "+254711000104"), token: "s3cret-token");
        Assert.Equal(200, (int)right.StatusCode);
        Assert.StartsWith("CON ", await right.Content.ReadAsStringAsync());
        Assert.True(await db.KeyExistsAsync("huduma:ussd:+254711000104"));
    }

    [Fact]
    public async Task An_allow_list_refuses_other_source_addresses()
    {
        await using var host = HudumaHost.OnRedis(redis, ("AfricasTalking:AllowedSourceAddresses:0", "196.201.214.0/24"));
        var response = await UssdPhone.PostAsync(host.CreateClient(), FirstHop("allow-1"));
        Assert.Equal(403, (int)response.StatusCode);
    }

    [Fact]
    public async Task When_redis_is_down_readiness_fails_and_a_hop_ends_politely_instead_of_erroring()
    {
        var deadPort = RedisServer.FreePort();
        await using var host = new HudumaHost(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = $"127.0.0.1:{deadPort},abortConnect=false,connectTimeout=300,syncTimeout=500,asyncTimeout=500",
        });
        var client = host.CreateClient();
        Assert.Equal(503, (int)(await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("/health/live")).StatusCode);

        var response = await UssdPhone.PostAsync(client, FirstHop("down-1"));
        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("END Sorry, this service is busy", body);
        Assert.Contains("Samahani", body);

        // A phone call: sorry in both languages, then the call ends — not the provider's "application error".
        var call = await client.PostAsync("/voice/africastalking", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["sessionId"] = "ATVId_down", ["isActive"] = "1", ["callerNumber"] = "+254722000111",
        }));
        Assert.Equal(200, (int)call.StatusCode);
        var said = System.Xml.Linq.XDocument.Parse(await call.Content.ReadAsStringAsync()).Root!;
        Assert.Null(said.Element("GetDigits"));
        Assert.Contains("Sorry, this service is busy", said.Value);
        Assert.Contains("Samahani", said.Value);

        // Chat: a clear 503 with Retry-After (the client keeps the message), never a 500 or a hang.
        var chat = await client.PostAsync("/v3/directline/conversations", null);
        Assert.Equal(503, (int)chat.StatusCode);
        Assert.NotNull(chat.Headers.RetryAfter);
        var connector = await client.PostAsync("/api/messages", new StringContent(
            """{"type":"message","text":"hi","serviceUrl":"http://127.0.0.1:9/","conversation":{"id":"c"},"from":{"id":"u"}}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(503, (int)connector.StatusCode);
    }

    [Fact]
    public async Task The_host_refuses_to_start_on_invalid_content_and_names_the_place()
    {
        var dir = Directory.CreateTempSubdirectory("huduma-bad-content-").FullName;
        foreach (var f in Directory.GetFiles(ShippedContent.Directory)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var menus = Path.Combine(dir, "menus.yaml");
        File.WriteAllText(menus, File.ReadAllText(menus).Replace("action: request-callback", "action: call-me-maybe"));

        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Content:Directory"] = dir });
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        var message = e.ToString();
        Assert.Contains("content/menus.yaml:", message);
        Assert.Contains("node 'callback.confirm'", message);
        Assert.Contains("unknown action 'call-me-maybe'", message);
    }

    [Fact]
    public async Task The_host_refuses_to_start_when_the_status_node_the_chat_replays_was_renamed_and_names_the_id()
    {
        // Consistent content on its own (every goto follows the rename): only the code's use of the id breaks.
        var dir = Directory.CreateTempSubdirectory("huduma-renamed-content-").FullName;
        foreach (var f in Directory.GetFiles(ShippedContent.Directory)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var menus = Path.Combine(dir, "menus.yaml");
        File.WriteAllText(menus, File.ReadAllText(menus).Replace("status.type", "status.document"));

        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Content:Directory"] = dir });
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        var message = e.ToString();
        Assert.Contains("content/menus.yaml node 'status.type'", message);
        Assert.Contains("no such node", message);
    }

    [Fact]
    public async Task An_impossible_screen_length_stops_the_host_with_the_setting_named()
    {
        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Ussd:MaxScreenLength"] = "500" });
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Ussd:MaxScreenLength must be between 100 and 182", e.ToString());
    }

    [Theory]
    [InlineData("Redis__ReplicasToAcknowledge", "9", "Redis:ReplicasToAcknowledge must be 0 to 5")]
    [InlineData("Redis__ReplicaTimeout", "00:01:00", "Redis:ReplicaTimeout more than 0 and at most 00:00:10")]
    [InlineData("Sms__Queue__ClaimAfter", "00:00:00", "Sms:Queue: ClaimAfter")]
    [InlineData("Sms__Queue__Parallelism", "0", "Parallelism 1 to 1000")]
    [InlineData("Sla__Channels__chat__Within", "00:00:05", "Sla:Channels:chat:Within is 00:00:10 to 7.00:00:00")]
    [InlineData("Sla__SweepInterval", "00:05:00", "Sla:SweepInterval is 00:00:00.1 to 00:01:00")]
    [InlineData("AgentConsole__AccountCheckInterval", "00:05:00", "AgentConsole:AccountCheckInterval is 00:00:00.1 to 00:00:30")]
    public async Task An_impossible_queue_setting_stops_the_host_with_the_setting_named(string key, string value, string named)
    {
        await using var host = HostProcess.Start(new Dictionary<string, string> { [key] = value, ["Demo__SeedRegister"] = "false" });
        await host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(1, host.ExitCode);
        Assert.Contains(host.Output, line => line.Contains("cannot start") && line.Contains(named));
    }

    [Fact]
    public async Task The_embedded_default_serves_the_demo_register_without_redis()
    {
        await using var host = new HudumaHost(new Dictionary<string, string?>());
        var client = host.CreateClient();
        var phone = new UssdPhone(client, "+254711000001");
        var first = await phone.DialAsync();
        await phone.SendAsync(UssdPhone.Option(first, "English"));
        var types = await phone.SendAsync("1");
        await phone.SendAsync(UssdPhone.Option(types, "National"));
        var answer = await phone.SendAsync("12345678");
        Assert.Contains("READY", answer + (answer.Contains("98 More") ? await phone.SendAsync("98") : ""));
    }
}
