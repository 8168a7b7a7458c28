using System.Net;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The browser simulator never hands out the Africa's Talking callback secret (the host signs its
/// requests itself), and is off unless the host is the embedded default or it is turned on.
/// </summary>
public sealed class SimulatorSecretTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Secret = "simulator-must-not-tell-this";

    private static Dictionary<string, string> FirstHop(string phone) => new()
    {
        ["sessionId"] = "sim-" + Guid.NewGuid().ToString("N"), ["serviceCode"] = "*384*1919#", ["phoneNumber"] = phone,
        ["networkCode"] = "63902", ["text"] = "",
    };

    /// <summary>Everything the simulator serves or answers, as text.</summary>
    private static async Task<List<(string What, HttpResponseMessage Response, string Body)>> EverySimulatorResponseAsync(HttpClient client)
    {
        var responses = new List<(string, HttpResponseMessage, string)>();
        async Task AddAsync(string what, Task<HttpResponseMessage> sent)
        {
            var response = await sent;
            responses.Add((what, response, response.Headers + "\n" + await response.Content.ReadAsStringAsync()));
        }
        foreach (var path in new[] { "/simulator", "/simulator/config", "/simulator.js", "/simulator-voice.js", "/simulator-tabs.js", "/simulator.css", "/simulator/sms/inbox?phone=%2B254711000001" })
            await AddAsync("GET " + path, client.GetAsync(path));
        await AddAsync("POST /simulator/ussd", client.PostAsync("/simulator/ussd", new FormUrlEncodedContent(FirstHop("+254711000001"))));
        await AddAsync("POST /simulator/sms", client.PostAsync("/simulator/sms", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = "+254711000001", ["to"] = "1919", ["text"] = "HELP", ["id"] = "SIMX" + Guid.NewGuid().ToString("N"),
            ["date"] = "2026-11-27T10:00:00Z", ["linkId"] = "", ["networkCode"] = "63902",
        })));
        await AddAsync("POST /simulator/voice", client.PostAsync("/simulator/voice", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["sessionId"] = "SIMV" + Guid.NewGuid().ToString("N"), ["isActive"] = "1", ["direction"] = "Inbound",
            ["callerNumber"] = "+254711000001", ["destinationNumber"] = "+254711082919",
        })));
        return responses;
    }

    [Fact]
    public async Task No_simulator_response_carries_the_callback_secret_and_its_requests_still_reach_the_channels()
    {
        await using var host = new HudumaHost(new Dictionary<string, string?> { ["AfricasTalking:CallbackSecret"] = Secret });
        using var client = host.CreateClient();

        var responses = await EverySimulatorResponseAsync(client);
        Assert.All(responses, r => Assert.True(r.Response.IsSuccessStatusCode, $"{r.What}: {(int)r.Response.StatusCode} {r.Body}"));
        Assert.All(responses, r => Assert.DoesNotContain(Secret, r.Body));
        Assert.StartsWith("CON ", responses.Single(r => r.What == "POST /simulator/ussd").Body.Split('\n').SkipWhile(l => !l.StartsWith("CON")).First());

        // The real callback still wants the secret: the simulator opened no door beside it.
        Assert.Equal(HttpStatusCode.Forbidden, (await UssdPhone.PostAsync(client, FirstHop("+254711000001"))).StatusCode);
    }

    [Fact]
    public async Task With_redis_configured_the_simulator_is_not_there()
    {
        await using var host = HudumaHost.OnRedis(redis, ("AfricasTalking:CallbackSecret", Secret));
        using var client = host.CreateClient();
        Assert.All(await EverySimulatorResponseAsync(client),
            r => Assert.True(r.Response.StatusCode == HttpStatusCode.NotFound, $"{r.What}: {(int)r.Response.StatusCode}"));
    }

    [Fact]
    public async Task With_a_real_sms_provider_configured_the_simulator_is_not_there()
    {
        await using var host = new HudumaHost(new Dictionary<string, string?>
        {
            ["Sms:Primary"] = "AfricasTalking", ["AfricasTalking:Username"] = "sandbox", ["AfricasTalking:ApiKey"] = "key",
        });
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/simulator")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/simulator/config")).StatusCode);
    }

    [Fact]
    public async Task Turned_on_explicitly_on_redis_the_simulator_works_and_still_keeps_the_secret()
    {
        await using var host = HudumaHost.OnRedis(redis, ("AfricasTalking:CallbackSecret", Secret), ("Simulator:Enabled", "true"));
        using var client = host.CreateClient();
        var responses = await EverySimulatorResponseAsync(client);
        Assert.All(responses, r => Assert.True(r.Response.IsSuccessStatusCode, $"{r.What}: {(int)r.Response.StatusCode} {r.Body}"));
        Assert.All(responses, r => Assert.DoesNotContain(Secret, r.Body));
    }

    [Fact]
    public async Task Turned_off_explicitly_on_the_embedded_default_the_simulator_is_not_there()
    {
        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Simulator:Enabled"] = "false" });
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/simulator")).StatusCode);
    }
}
