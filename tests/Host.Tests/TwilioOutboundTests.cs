using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>Outbound SMS through Twilio's library against a loopback simulator of its Messages API, and its status callbacks.</summary>
public sealed class TwilioOutboundTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string PublicBase = "https://huduma.example.go.ke";
    private TwilioApiSimulator _twilio = null!;
    private HudumaHost _host = null!;

    public async Task InitializeAsync()
    {
        _twilio = await TwilioApiSimulator.StartAsync();
        _host = HudumaHost.OnRedis(redis, ("Sms:Primary", "Twilio"), ("Sms:Secondary", "Simulator"),
            ("Twilio:BaseUrl", _twilio.BaseUrl), ("Twilio:AccountSid", TwilioApiSimulator.AccountSid),
            ("Twilio:AuthToken", TwilioApiSimulator.AuthToken), ("Twilio:From", "+15005550006"), ("PublicBaseUrl", PublicBase));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    private ISmsSender Sender => _host.Services.GetRequiredService<ISmsSender>();

    [Fact]
    public async Task A_message_is_created_through_twilios_library_and_its_status_callback_is_recorded()
    {
        var result = await Sender.SendAsync(new OutboundSms("+254711000321", "Your birth certificate is ready.", "test"));
        Assert.True(result.Accepted, result.Error);
        Assert.Equal("twilio", result.Provider);
        var request = Assert.Single(_twilio.Requests);
        Assert.Equal("+254711000321", request["To"]);
        Assert.Equal("+15005550006", request["From"]);
        Assert.Equal(PublicBase + "/sms/twilio/status", request["StatusCallback"]);

        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = result.ProviderMessageId!, ["MessageStatus"] = "delivered", ["AccountSid"] = TwilioApiSimulator.AccountSid,
            ["To"] = "+254711000321", ["From"] = "+15005550006", ["ApiVersion"] = "2010-04-01",
        };
        var signature = TwilioSignature.Sign(TwilioApiSimulator.AuthToken, PublicBase + "/sms/twilio/status", form);
        var callback = new HttpRequestMessage(HttpMethod.Post, "/sms/twilio/status") { Content = new FormUrlEncodedContent(form) };
        callback.Headers.Add("X-Twilio-Signature", signature);
        Assert.Equal(200, (int)(await _host.CreateClient().SendAsync(callback)).StatusCode);

        var record = await _host.Services.GetRequiredService<SmsOutbox>().FindByProviderIdAsync("twilio", result.ProviderMessageId!);
        Assert.Equal(SmsDeliveryStatus.Delivered, record!.Status);

        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/sms/twilio/status") { Content = new FormUrlEncodedContent(form) };
        Assert.Equal(403, (int)(await _host.CreateClient().SendAsync(unsigned)).StatusCode);
    }

    [Fact]
    public async Task Twilios_429_and_500_are_retried_through_the_library()
    {
        _twilio.Script.Enqueue("429");
        _twilio.Script.Enqueue("500");
        var result = await Sender.SendAsync(new OutboundSms("+254711000323", "Third time lucky", "test"));
        Assert.True(result.Accepted, result.Error);
        Assert.Equal("twilio", result.Provider);
        Assert.Equal(3, _twilio.Requests.Count(r => r["To"] == "+254711000323"));
    }

    [Fact]
    public async Task A_twilio_error_fails_over_to_the_secondary_and_is_kept_in_the_record()
    {
        _twilio.Script.Enqueue("21211");
        var result = await Sender.SendAsync(new OutboundSms("+254711000322", "Fail over", "test"));
        Assert.True(result.Accepted);
        Assert.Equal(SimulatorSmsSender.Provider, result.Provider);
        var record = await _host.Services.GetRequiredService<SmsOutbox>().FindByProviderIdAsync(SimulatorSmsSender.Provider, result.ProviderMessageId!);
        Assert.Equal(2, record!.Attempts);
    }
}
