using System.Diagnostics;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

using static Huduma.Contact.Host.Tests.Eventually;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Issue 22, item 5: an inbound SMS is acknowledged as soon as its reply is in the durable outbound queue,
/// whatever the SMS provider (Africa's Talking's loopback simulator) is doing; the reply goes out once the
/// provider answers or comes back, once.
/// </summary>
public sealed class SmsQueueTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const string CallbackSecret = "queue-test-callback-secret";
    private const int Messages = 10;
    /// <summary>A sanity bound on one webhook's answer, not a benchmark (bench/run-sms.sh measures it).</summary>
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(1);

    private HudumaHost Host(AfricasTalkingApiSimulator at) => HudumaHost.OnRedis(redis,
        ("Sms:Primary", "AfricasTalking"), ("Sms:Secondary", ""),
        ("AfricasTalking:BaseUrl", at.BaseUrl), ("AfricasTalking:Username", AfricasTalkingApiSimulator.Username),
        ("AfricasTalking:ApiKey", AfricasTalkingApiSimulator.ApiKey),
        // A refused reply is tried again after a second; one the provider may have taken waits for its report.
        ("Sms:Queue:ClaimAfter", "00:00:01"), ("Sms:Queue:UnknownWait", "00:01:00"));

    private static FormUrlEncodedContent Inbound(string phone) => new(new Dictionary<string, string>
    {
        ["from"] = phone, ["to"] = "1919", ["text"] = "HELP", ["date"] = "2026-11-27 10:00:00", ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"),
        ["linkId"] = "", ["networkCode"] = "63902",
    });

    /// <summary>Posts one inbound SMS for each phone; every answer is 200 and quick (after a first one that warms the host up).</summary>
    private async Task<List<string>> TextAllAsync(HttpClient client, string prefix, string query = "")
    {
        var phones = Enumerable.Range(0, Messages).Select(i => $"{prefix}{i:D3}").ToList();
        Assert.Equal(200, (int)(await client.PostAsync("/sms/africastalking/inbound" + query, Inbound(phones[0]))).StatusCode);
        var slowest = TimeSpan.Zero;
        foreach (var phone in phones.Skip(1))
        {
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsync("/sms/africastalking/inbound" + query, Inbound(phone));
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            Assert.Equal(200, (int)response.StatusCode);
        }
        output.WriteLine($"slowest webhook answer: {slowest.TotalMilliseconds:F0} ms");
        Assert.True(slowest < Quick, $"a webhook took {slowest.TotalMilliseconds:F0} ms");
        return phones;
    }

    private static Dictionary<string, int> AcceptedPerPhone(AfricasTalkingApiSimulator at) =>
        at.Accepted.SelectMany(r => (r.GetValueOrDefault("to") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());

    private static void AssertOnceEach(AfricasTalkingApiSimulator at, List<string> phones)
    {
        var accepted = AcceptedPerPhone(at);
        Assert.All(phones, p => Assert.True(accepted.GetValueOrDefault(p) == 1, $"{p} got {accepted.GetValueOrDefault(p)} replies"));
    }

    [Fact]
    public async Task Inbound_sms_are_acknowledged_at_once_while_the_provider_takes_ten_seconds_and_every_reply_goes_out_once()
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        at.Latency = TimeSpan.FromSeconds(10);
        await using var host = Host(at);
        at.ReportClient = host.CreateClient();
        at.DeliveryReportUrl = "/sms/africastalking/delivery";

        var phones = await TextAllAsync(host.CreateClient(), "+254733100");

        // Each send times out (5 s) before Africa's Talking takes it (10 s): its fate is unknown until its report comes.
        var queue = host.Services.GetRequiredService<ISmsQueue>();
        await WaitUntil(async () => AcceptedPerPhone(at).Count == Messages && await queue.CountAsync() == 0, TimeSpan.FromSeconds(60),
            "every reply to be taken by the provider and settled");
        await Task.Delay(TimeSpan.FromSeconds(2)); // any second copy would show itself
        AssertOnceEach(at, phones);
    }

    [Fact]
    public async Task Inbound_sms_are_acknowledged_at_once_while_the_provider_is_down_and_every_reply_goes_out_once_it_is_back()
    {
        var at = await AfricasTalkingApiSimulator.StartAsync();
        var port = at.Port;
        await at.DisposeAsync(); // down: connections refused
        await using var host = Host(at);

        var phones = await TextAllAsync(host.CreateClient(), "+254733200");
        await Task.Delay(TimeSpan.FromSeconds(2)); // tried, refused, waiting to be tried again
        var queue = host.Services.GetRequiredService<ISmsQueue>();
        Assert.Equal(Messages, await queue.CountAsync());

        await using var back = await AfricasTalkingApiSimulator.StartAsync(port);
        await WaitUntil(async () => AcceptedPerPhone(back).Count == Messages && await queue.CountAsync() == 0, TimeSpan.FromSeconds(30),
            "every reply to be sent once the provider is back");
        await Task.Delay(TimeSpan.FromSeconds(2));
        AssertOnceEach(back, phones);
    }

    [Fact]
    public async Task A_host_killed_mid_send_loses_no_reply_and_another_host_sends_each_exactly_once()
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        // Each send is in flight three seconds: the kill finds replies the provider has and has not answered yet.
        at.Latency = TimeSpan.FromSeconds(3);
        var port = RedisServer.FreePort();
        at.DeliveryReportUrl = $"http://127.0.0.1:{port}/sms/africastalking/delivery?token={CallbackSecret}";
        var settings = new Dictionary<string, string>
        {
            ["Redis__ConnectionString"] = redis.ConnectionString,
            ["AfricasTalking__CallbackSecret"] = CallbackSecret, ["DirectLine__Secret"] = "queue-test-direct-line",
            ["Sms__Primary"] = "AfricasTalking", ["Sms__Secondary"] = "",
            ["AfricasTalking__BaseUrl"] = at.BaseUrl, ["AfricasTalking__Username"] = AfricasTalkingApiSimulator.Username,
            ["AfricasTalking__ApiKey"] = AfricasTalkingApiSimulator.ApiKey,
            ["Sms__Queue__ClaimAfter"] = "00:00:01", ["Sms__Queue__SendingLease"] = "00:00:05", ["Sms__Queue__UnknownWait"] = "00:00:40",
            ["Sms__Queue__Parallelism"] = "4",
            ["Demo__SeedRegister"] = "false", ["Logging__LogLevel__Default"] = "Warning", ["Logging__LogLevel__Huduma.Contact.Sms"] = "Information",
        };

        List<string> phones;
        await using (var first = await HostProcess.StartReadyAsync(settings, output.WriteLine, port))
        {
            using var client = new HttpClient { BaseAddress = new Uri(first.BaseUrl) };
            phones = await TextAllAsync(client, "+254733300", $"?token={CallbackSecret}");
            await WaitUntil(() => at.Requests.Count >= 2, TimeSpan.FromSeconds(20), "the first host to hand replies to the provider");
            await first.KillAsync(); // SIGKILL: no shutdown, no acknowledgement
        }
        output.WriteLine($"killed with {at.Requests.Count} replies handed to the provider, {at.Accepted.Count} taken");
        Assert.InRange(at.Requests.Count, 1, Messages - 1);

        var queue = new RedisSmsQueue(redis.Connection);
        Assert.True(await queue.CountAsync() > 0, "replies were left in the queue");
        await using (await HostProcess.StartReadyAsync(settings, output.WriteLine, port))
        {
            await WaitUntil(async () => AcceptedPerPhone(at).Count == Messages && await queue.CountAsync() == 0, TimeSpan.FromSeconds(90),
                "the second host to send every reply");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        AssertOnceEach(at, phones);
    }
}
