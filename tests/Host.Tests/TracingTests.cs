using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

using static Huduma.Contact.Host.Tests.Eventually;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Traces over OTLP/HTTP to a loopback receiver: one trace from a provider's webhook through the dialog and
/// the state store to the provider's HTTP call, with channels, providers and nodes but no personal number;
/// and none at all when no endpoint is configured.
/// </summary>
public sealed class TracingTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const string CallbackSecret = "tracing-callback-secret";
    private const int Server = 2, Client = 3; // OTLP's SpanKind

    private static Dictionary<string, string> OnRedis(RedisServer redis, AfricasTalkingApiSimulator at, params (string Key, string Value)[] more)
    {
        var settings = ProductionSettings.OnAfricasTalking(redis.ConnectionString, at, CallbackSecret, "tracing-direct-line-secret");
        (settings["Logging__Console__FormatterName"], settings["Logging__LogLevel__Huduma"]) = ("json", "Debug");
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task A_ussd_hop_and_an_sms_are_each_one_trace_from_the_webhook_to_the_store_and_the_provider_with_no_phone_number()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        await using var host = await HostProcess.StartReadyAsync(OnRedis(redis, at,
            ("Tracing__OtlpEndpoint", receiver.BaseUrl), ("OTEL_BSP_SCHEDULE_DELAY", "200")));
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var phone = $"+254735{Random.Shared.Next(100_000, 999_999)}";
        var number = Random.Shared.Next(41_000_000, 49_999_999).ToString();
        await new RedisDocumentRegister(redis.Connection).UpsertAsync(EngineHarness.ReadyId with { Number = number, Phones = [phone] });

        var ussd = new UssdPhone(http, phone, CallbackSecret);
        Assert.Contains("Choose language", await ussd.DialAsync());
        Assert.Contains("How can we help", await ussd.SendAsync("1"));
        Assert.Equal(HttpStatusCode.OK, (await LogMaskingTests.AtSmsAsync(http, phone, $"ID {number}", CallbackSecret)).StatusCode);
        await WaitUntil(() => at.Accepted.Any(r => r.GetValueOrDefault("to") == phone), TimeSpan.FromSeconds(15), "the SMS reply");
        // A span is exported when it ends: the send's outer spans end after the HTTP call's, maybe in a later batch.
        await WaitUntil(() => receiver.Spans.Any(s => s.Kind == Client && s.Attributes.GetValueOrDefault("server.port") == at.Port.ToString())
                              && receiver.Spans.Any(s => s.Name == "sms queue send"), TimeSpan.FromSeconds(15), "the provider call's span and the queue's");
        var spans = receiver.Spans;
        foreach (var s in spans) output.WriteLine($"{s.TraceId} {s.SpanId} <- {s.ParentSpanId} {s.Name} {string.Join(", ", s.Attributes.Select(a => $"{a.Key}={a.Value}"))}");
        var byId = spans.ToDictionary(s => s.SpanId);
        bool Under(OtlpReceiver.ReceivedSpan span, OtlpReceiver.ReceivedSpan ancestor) =>
            span.ParentSpanId == ancestor.SpanId || byId.TryGetValue(span.ParentSpanId, out var parent) && Under(parent, ancestor);

        // The second hop: ASP.NET Core's request span, the hop under it, the dialog's turn and the session's reads and writes under that.
        var hop = spans.Single(s => s.Name == "ussd hop" && s.Attributes.GetValueOrDefault(HudumaActivity.NodeTag) == "main");
        Assert.Equal(("ussd", "africastalking"), (hop.Attributes[HudumaActivity.ChannelTag], hop.Attributes[HudumaActivity.ProviderTag]));
        var request = byId[hop.ParentSpanId];
        Assert.Equal((Server, "/ussd/africastalking"), (request.Kind, request.Attributes["url.path"]));
        var turn = spans.Single(s => s.Name == "dialog turn" && s.TraceId == hop.TraceId);
        Assert.Equal(("language", "main"), (turn.Attributes["huduma.dialog.from_node"], turn.Attributes[HudumaActivity.NodeTag]));
        var store = spans.Where(s => s.TraceId == hop.TraceId && s.Name.StartsWith("state ")).ToList();
        Assert.Contains(store, s => s.Name == "state get" && s.Attributes["huduma.state.kind"] == "ussd" && s.Attributes["db.system.name"] == "redis");
        Assert.Contains(store, s => s.Name == "state set" && s.Attributes["huduma.state.kind"] == "ussd");
        Assert.All(store, s => Assert.True(Under(s, hop), $"{s.Name} is not under the hop"));

        // The SMS: its webhook, then the reply sent after the 200 by the queue's drain, in the same trace down to the HTTP call to Africa's Talking.
        var received = spans.Single(s => s.Name == "sms receive");
        Assert.Equal(("sms", "africastalking"), (received.Attributes[HudumaActivity.ChannelTag], received.Attributes[HudumaActivity.ProviderTag]));
        Assert.Equal("/sms/africastalking/inbound", byId[received.ParentSpanId].Attributes["url.path"]);
        var drained = spans.Single(s => s.Name == "sms queue send" && s.TraceId == received.TraceId);
        var sent = spans.Single(s => s.Name == "sms send" && s.TraceId == received.TraceId);
        Assert.True(Under(sent, drained));
        Assert.Equal("africastalking", sent.Attributes[HudumaActivity.ProviderTag]);
        var call = spans.Single(s => s.Kind == Client && s.Attributes.GetValueOrDefault("server.port") == at.Port.ToString());
        Assert.Equal(received.TraceId, call.TraceId);
        Assert.True(Under(call, sent));

        // No phone number or document number in any form, anywhere in what was exported.
        foreach (var body in receiver.Bodies)
        {
            var text = Encoding.UTF8.GetString(body);
            Assert.DoesNotContain(phone[4..], text);
            Assert.DoesNotContain(number, text);
        }

        // The hop's log line carries the hop's trace id: from a log line to its trace, and back.
        var logged = host.Output.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("Category").GetString() == "Huduma.Contact.Ussd.UssdHopHandler")
            .Select(l => l.GetProperty("Scopes").EnumerateArray().First(s => s.TryGetProperty("TraceId", out _)).GetProperty("TraceId").GetString())
            .ToList();
        Assert.Contains(hop.TraceId, logged);
    }

    [Theory]
    [InlineData("Tracing__OtlpEndpoint", "collector:4318")]
    [InlineData("Tracing__OtlpProtocol", "json")]
    [InlineData("Tracing__SampleRatio", "2")]
    public async Task A_tracing_setting_that_makes_no_sense_stops_the_host_at_start_saying_which(string key, string value)
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        var settings = OnRedis(redis, at, (key, value));
        if (key != "Tracing__OtlpEndpoint") settings["Tracing__OtlpEndpoint"] = "http://127.0.0.1:9";
        await using var host = HostProcess.Start(settings);
        await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, host.ExitCode);
        Assert.Contains(host.Output, l => l.Contains("Huduma Contact cannot start") && l.Contains("Tracing:OtlpEndpoint must be an http(s) URL"));
    }

    [Fact]
    public async Task Without_an_endpoint_no_span_is_made_and_nothing_is_sent_to_the_default_collector_ports()
    {
        // In process: no tracer provider, so nothing listens to the spans, and the store is not wrapped.
        await using (var inProcess = new HudumaHost(new Dictionary<string, string?>()))
        {
            Assert.Null(inProcess.Services.GetService<TracerProvider>());
            Assert.IsNotType<TracedStateStore>(inProcess.Services.GetRequiredService<IStateStore>());
        }

        // As a process: a collector on OTLP's default ports (where they are free here) hears nothing.
        var listeners = new List<TcpListener>();
        foreach (var port in new[] { 4317, 4318 })
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try { listener.Start(); listeners.Add(listener); }
            catch (SocketException) { output.WriteLine($"port {port} is taken here: not watched"); }
        }
        Assert.NotEmpty(listeners);
        try
        {
            await using var at = await AfricasTalkingApiSimulator.StartAsync();
            await using var host = await HostProcess.StartReadyAsync(OnRedis(redis, at, ("OTEL_BSP_SCHEDULE_DELAY", "200")));
            using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
            var phone = $"+254736{Random.Shared.Next(100_000, 999_999)}";
            await new UssdPhone(http, phone, CallbackSecret).DialAsync();
            await LogMaskingTests.AtSmsAsync(http, phone, "HELP", CallbackSecret);
            await WaitUntil(() => at.Accepted.Any(r => r.GetValueOrDefault("to") == phone), TimeSpan.FromSeconds(15), "the SMS reply");
            await Task.Delay(TimeSpan.FromSeconds(2)); // ten export intervals, had there been an exporter
            Assert.All(listeners, l => Assert.False(l.Pending(), $"something connected to {l.LocalEndpoint}"));
        }
        finally { listeners.ForEach(l => l.Stop()); }
    }
}
