using Huduma.Contact.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>The real host, configured by settings as an operator would (environment variables' keys).</summary>
public sealed class HudumaHost(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>Replaces services after the host's own wiring: only the clock, so tests need not wait for days.</summary>
    public Action<IServiceCollection>? Overrides { get; init; }

    /// <summary>
    /// Off by default: most tests post to the callbacks without tokens, as the embedded default allows,
    /// so their hosts on Redis say Security:RequireSecrets=false. ProductionSwitchTests turn it on.
    /// </summary>
    public bool ProductionChecks { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (Overrides is not null) builder.ConfigureTestServices(Overrides);
        builder.UseEnvironment("Production");
        // Keep test output readable: the hosts' own request logs only at Warning and above.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (!ProductionChecks) builder.UseSetting("Security:RequireSecrets", "false");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>Starts the host on Kestrel on a free loopback port (a browser needs a real socket); its base URL.</summary>
    public string StartOnKestrel()
    {
        var port = RedisServer.FreePort();
        UseKestrel(port);
        StartServer();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>A host on the given Redis (a single server, Sentinel or Cluster), with nothing seeded.</summary>
    public static HudumaHost OnRedis(IRedisTopology redis, params (string Key, string? Value)[] more) =>
        new(new Dictionary<string, string?>(more.Select(m => KeyValuePair.Create(m.Key, m.Value)))
        {
            ["Redis:ConnectionString"] = redis.ConnectionString,
        });
}

/// <summary>Posts Africa's Talking USSD callbacks the way the gateway does.</summary>
public sealed class UssdPhone(HttpClient client, string msisdn, string? token = null)
{
    public string SessionId { get; private set; } = NewSessionId();
    public string Msisdn => msisdn;
    private readonly List<string> _inputs = [];

    public static string NewSessionId() => "ATUid_" + Guid.NewGuid().ToString("N");

    /// <summary>A new session: the first hop, with empty text.</summary>
    public Task<string> DialAsync()
    {
        SessionId = NewSessionId();
        _inputs.Clear();
        return HopAsync();
    }

    public Task<string> SendAsync(string input)
    {
        _inputs.Add(input);
        return HopAsync();
    }

    /// <summary>Sends the same text again, as the gateway does when it retries.</summary>
    public Task<string> RepeatAsync() => HopAsync();

    /// <summary>The callback form for the current inputs plus, optionally, one more.</summary>
    public Dictionary<string, string> Form(string? next = null) => new()
    {
        ["sessionId"] = SessionId, ["serviceCode"] = "*384*1919#", ["phoneNumber"] = msisdn, ["networkCode"] = "63902",
        ["text"] = string.Join("*", next is null ? _inputs : _inputs.Append(next)),
    };

    private async Task<string> HopAsync()
    {
        var response = await PostAsync(client, Form(), token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return body;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> form, string? token = null, string path = "/ussd/africastalking") =>
        client.PostAsync(path + (token is null ? "" : $"?token={token}"), new FormUrlEncodedContent(form));

    /// <summary>The option number whose label contains the text, on the screen given.</summary>
    public static string Option(string screen, string label) =>
        screen.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^(\d+)\. (.*)$"))
            .First(m => m.Success && m.Groups[2].Value.Contains(label, StringComparison.OrdinalIgnoreCase)).Groups[1].Value;
}
