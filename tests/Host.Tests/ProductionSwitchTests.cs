using System.Net;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The production switch: a host on Redis (or told Security:RequireSecrets=true) refuses to start
/// without the secrets that close its doors, naming each one missing.
/// </summary>
public sealed class ProductionSwitchTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly (string Key, string Value)[] Secrets =
        [("AfricasTalking:CallbackSecret", "at-secret"), ("DirectLine:Secret", "direct-line-secret")];

    private HudumaHost Production(params (string Key, string? Value)[] settings) =>
        new(new Dictionary<string, string?>(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
        {
            ["Redis:ConnectionString"] = redis.ConnectionString, ["Demo:SeedRegister"] = "false",
        }) { ProductionChecks = true };

    /// <summary>Every message in the chain of what starting the host threw.</summary>
    private static async Task<string> StartFailureAsync(HudumaHost host)
    {
        var thrown = await Assert.ThrowsAnyAsync<Exception>(async () => { using var client = host.CreateClient(); await client.GetAsync("/health/live"); });
        var messages = new List<string>();
        for (Exception? e = thrown; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException all) messages.AddRange(all.InnerExceptions.Select(i => i.Message));
        }
        return string.Join("\n", messages);
    }

    [Fact]
    public async Task A_host_on_redis_without_its_secrets_refuses_to_start_and_names_each_one_missing()
    {
        await using var host = Production();
        var message = await StartFailureAsync(host);
        Assert.Contains("Production mode (Redis configured)", message);
        Assert.Contains("AfricasTalking:CallbackSecret", message);
        Assert.Contains("DirectLine:Secret", message);
        Assert.DoesNotContain("Twilio", message); // Twilio is not used here
    }

    [Fact]
    public async Task A_host_on_redis_sending_sms_through_twilio_needs_the_twilio_account_too()
    {
        await using var host = Production([.. Secrets.Select(s => (s.Key, (string?)s.Value)), ("Sms:Primary", "Twilio")]);
        var message = await StartFailureAsync(host);
        Assert.Contains("Twilio:AccountSid", message);
        Assert.Contains("Twilio:AuthToken", message);
        Assert.DoesNotContain("AfricasTalking:CallbackSecret", message);
    }

    [Fact]
    public async Task A_host_on_redis_with_its_secrets_starts()
    {
        await using var host = Production([.. Secrets.Select(s => (s.Key, (string?)s.Value)),
            ("Sms:Primary", "Twilio"), ("Twilio:AccountSid", "AC00000000000000000000000000000001"), ("Twilio:AuthToken", "twilio-token")]);
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Require_secrets_turns_the_switch_on_without_redis()
    {
        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Security:RequireSecrets"] = "true", ["Demo:SeedRegister"] = "false" })
            { ProductionChecks = true };
        var message = await StartFailureAsync(host);
        Assert.Contains("Production mode (Security:RequireSecrets)", message);
        Assert.Contains("AfricasTalking:CallbackSecret", message);
    }

    [Fact]
    public async Task A_twilio_auth_token_without_its_account_sid_stops_even_the_embedded_default()
    {
        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Twilio:AuthToken"] = "twilio-token", ["Demo:SeedRegister"] = "false" });
        var message = await StartFailureAsync(host);
        Assert.Contains("Twilio:AuthToken", message);
        Assert.Contains("Twilio:AccountSid", message);
    }

    [Fact]
    public async Task A_production_host_without_a_twilio_account_refuses_unsigned_twilio_webhooks()
    {
        await using var host = Production([.. Secrets.Select(s => (s.Key, (string?)s.Value))]);
        using var client = host.CreateClient();
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = "AC00000000000000000000000000000009",
            ["From"] = "+254711000001", ["To"] = "+254700001919", ["Body"] = "ID 12345678",
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/sms/twilio/inbound", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/voice/twilio", new FormUrlEncodedContent(form))).StatusCode);
    }

    [Fact]
    public async Task The_host_process_on_redis_without_its_secrets_exits_with_a_message_naming_them()
    {
        await using var process = HostProcess.Start(new Dictionary<string, string>
        {
            ["Redis__ConnectionString"] = redis.ConnectionString, ["Demo__SeedRegister"] = "false", ["DirectLine__Secret"] = "direct-line-secret",
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        var all = string.Join('\n', process.Output);
        Assert.Contains("missing AfricasTalking:CallbackSecret", all);
        Assert.DoesNotContain("DirectLine:Secret", all);
    }
}
