using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Outbound SMS through Africa's Talking's API (a loopback simulator of it), with the simulator provider as
/// the secondary: every message recorded, retried on 5xx, failed over on refusal or time-out, and updated
/// from delivery reports.
/// </summary>
public sealed class SmsOutboundTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private AfricasTalkingApiSimulator _at = null!;
    private HudumaHost _host = null!;

    public async Task InitializeAsync()
    {
        _at = await AfricasTalkingApiSimulator.StartAsync();
        _host = HudumaHost.OnRedis(redis,
            ("Sms:Primary", "AfricasTalking"), ("Sms:Secondary", "Simulator"),
            ("AfricasTalking:BaseUrl", _at.BaseUrl), ("AfricasTalking:Username", AfricasTalkingApiSimulator.Username),
            ("AfricasTalking:ApiKey", AfricasTalkingApiSimulator.ApiKey), ("AfricasTalking:SenderId", "HUDUMA"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _at.DisposeAsync();
    }

    private ISmsSender Sender => _host.Services.GetRequiredService<ISmsSender>();
    private SmsOutbox Outbox => _host.Services.GetRequiredService<SmsOutbox>();

    [Fact]
    public async Task A_message_goes_through_africas_talking_and_its_delivery_report_is_recorded()
    {
        var result = await Sender.SendAsync(new OutboundSms("+254711000123", "Your ID is ready.", "test"));
        Assert.True(result.Accepted);
        Assert.Equal("africastalking", result.Provider);
        var request = Assert.Single(_at.Requests);
        Assert.Equal("+254711000123", request["to"]);
        Assert.Equal("HUDUMA", request["from"]);

        var record = await Outbox.FindByProviderIdAsync("africastalking", result.ProviderMessageId!);
        Assert.Equal(SmsDeliveryStatus.Sent, record!.Status);

        var client = _host.CreateClient();
        var report = await client.PostAsync("/sms/africastalking/delivery", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = result.ProviderMessageId!, ["status"] = "Success", ["phoneNumber"] = "+254711000123", ["networkCode"] = "63902",
            ["retryCount"] = "0",
        }));
        Assert.Equal(200, (int)report.StatusCode);
        Assert.Equal(SmsDeliveryStatus.Delivered, (await Outbox.GetAsync(record.Id))!.Status);
    }

    [Fact]
    public async Task A_delivery_report_that_comes_before_the_providers_answer_is_kept_and_the_message_ends_delivered()
    {
        _at.ReportClient = _host.CreateClient();
        _at.DeliveryReportUrl = "/sms/africastalking/delivery";
        _at.ReportBeforeAnswering = true;

        var result = await Sender.SendAsync(new OutboundSms("+254711000131", "Your ID is ready.", "test"));

        Assert.True(result.Accepted);
        var record = await Outbox.FindByProviderIdAsync("africastalking", result.ProviderMessageId!);
        Assert.Equal(SmsDeliveryStatus.Delivered, record!.Status);
    }

    [Fact]
    public async Task Early_reports_for_two_messages_in_flight_to_one_phone_each_reach_their_own_message()
    {
        _at.ReportClient = _host.CreateClient();
        _at.DeliveryReportUrl = "/sms/africastalking/delivery";
        _at.ReportBeforeAnswering = true;
        _at.Latency = TimeSpan.FromMilliseconds(100);

        var results = await Task.WhenAll(
            Sender.SendAsync(new OutboundSms("+254711000132", "Your ID is ready.", "reminder")),
            Sender.SendAsync(new OutboundSms("+254711000132", "An agent replied: bring your waiting card.", "agent")));

        foreach (var result in results)
        {
            var record = await Outbox.FindByProviderIdAsync("africastalking", result.ProviderMessageId!);
            Assert.Equal((result.ProviderMessageId, SmsDeliveryStatus.Delivered), (record!.ProviderMessageId, record.Status));
        }
    }

    [Fact]
    public async Task A_late_sent_report_never_moves_a_delivered_message_back()
    {
        var result = await Sender.SendAsync(new OutboundSms("+254711000133", "Your ID is ready.", "test"));
        var client = _host.CreateClient();
        async Task Report(string status) => Assert.Equal(200, (int)(await client.PostAsync("/sms/africastalking/delivery",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = result.ProviderMessageId!, ["status"] = status, ["phoneNumber"] = "+254711000133" }))).StatusCode);

        await Report("Success");
        await Report("Sent");
        await Report("Buffered");
        Assert.Equal(SmsDeliveryStatus.Delivered, (await Outbox.FindByProviderIdAsync("africastalking", result.ProviderMessageId!))!.Status);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_the_message_is_sent_once()
    {
        _at.Script.Enqueue("500");
        _at.Script.Enqueue("500");
        var result = await Sender.SendAsync(new OutboundSms("+254711000124", "Retry me", "test"));
        Assert.True(result.Accepted);
        Assert.Equal("africastalking", result.Provider);
        Assert.Equal(3, _at.Requests.Count);
    }

    [Fact]
    public async Task A_rate_limited_request_is_retried()
    {
        _at.Script.Enqueue("429");
        var result = await Sender.SendAsync(new OutboundSms("+254711000127", "After a 429", "test"));
        Assert.True(result.Accepted);
        Assert.Equal("africastalking", result.Provider);
        Assert.Equal(2, _at.Requests.Count(r => r["to"] == "+254711000127"));
    }

    [Fact]
    public async Task A_refusal_fails_over_to_the_secondary_provider()
    {
        _at.Script.Enqueue("405");   // InsufficientBalance
        var result = await Sender.SendAsync(new OutboundSms("+254711000125", "Fail over", "test"));
        Assert.True(result.Accepted);
        Assert.Equal(SimulatorSmsSender.Provider, result.Provider);
        var inbox = await _host.Services.GetRequiredService<SimulatorSmsSender>().InboxAsync("+254711000125", 5);
        Assert.Equal("Fail over", Assert.Single(inbox).Text);
    }

    [Fact]
    public async Task A_provider_that_times_out_is_not_retried_but_failed_over()
    {
        _at.Script.Enqueue("timeout");
        var result = await Sender.SendAsync(new OutboundSms("+254711000126", "Slow provider", "test"));
        Assert.True(result.Accepted);
        Assert.Equal(SimulatorSmsSender.Provider, result.Provider);
        Assert.Single(_at.Requests, r => r["to"] == "+254711000126");
    }

    [Fact]
    public async Task Recipients_of_the_same_text_go_to_africas_talking_in_one_request()
    {
        var phones = Enumerable.Range(0, 5).Select(i => $"+25471155{i:D4}").ToList();
        var messages = phones.Select(p => new OutboundSms(p, "Your ID is ready for collection.", "reminder"))
            .Append(new OutboundSms("+254711559999", "A different text.", "reminder")).ToList();
        var results = await Sender.SendManyAsync(messages);

        Assert.All(results, r => Assert.True(r.Accepted && r.Provider == "africastalking", r.Error));
        var bulk = Assert.Single(_at.Requests, r => r["message"] == "Your ID is ready for collection.");
        Assert.Equal(string.Join(",", phones), bulk["to"]);
        Assert.Single(_at.Requests, r => r["message"] == "A different text.");
        Assert.Equal(results.Count, results.Select(r => r.ProviderMessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_delivery_report_with_an_unknown_status_gets_400()
    {
        var report = await _host.CreateClient().PostAsync("/sms/africastalking/delivery",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = "ATXid_9", ["status"] = "Teleported" }));
        Assert.Equal(400, (int)report.StatusCode);
    }
}
