using System.Net;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>/metrics: Prometheus's text, with the requests of each channel, for the allowed networks only.</summary>
public sealed class MetricsTests
{
    private static Dictionary<string, string> Embedded(params (string Key, string Value)[] more)
    {
        // The embedded default (no Redis): a host as `dotnet run` starts it, on a loopback port of its own.
        var settings = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task A_scrape_from_loopback_shows_the_ussd_requests_by_route_with_their_latency()
    {
        await using var host = await HostProcess.StartReadyAsync(Embedded());
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var hop = await http.PostAsync("/ussd/africastalking", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["sessionId"] = "ATUid_metrics", ["serviceCode"] = "*384*1919#", ["phoneNumber"] = "+254722000901", ["networkCode"] = "63902", ["text"] = "",
        }));
        Assert.Equal(HttpStatusCode.OK, hop.StatusCode);

        // The exporter reads the instruments when scraped; a request's duration is recorded as it ends.
        string text = "";
        await Eventually.WaitUntil(async () =>
        {
            text = await http.GetStringAsync("/metrics");
            return text.Contains("http_route=\"/ussd/africastalking/\"");
        }, TimeSpan.FromSeconds(10), "the USSD route in /metrics");
        Assert.Contains("http_server_request_duration_seconds_bucket{", text);
        var count = text.Split('\n').Single(l => l.StartsWith("http_server_request_duration_seconds_count{") && l.Contains("http_route=\"/ussd/africastalking/\""));
        Assert.True(double.Parse(count.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 1, count);
        Assert.DoesNotContain("+254722000901", text); // labels never carry a phone number
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("01:00:00")]
    public async Task A_sample_interval_out_of_range_stops_the_host_with_the_setting_named(string interval)
    {
        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Metrics:SampleInterval"] = interval });
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Metrics:SampleInterval must be 00:00:00.1 to 00:10:00", e.ToString());
    }

    [Fact]
    public async Task A_scrape_from_a_network_not_allowed_is_refused()
    {
        // Only the cluster's network may scrape: this test's loopback is outside it.
        await using var host = await HostProcess.StartReadyAsync(Embedded(("Metrics__AllowedNetworks__0", "10.0.0.0/8")));
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_scrape_after_an_escalation_shows_it_opened_waiting_and_how_long_per_channel()
    {
        // Sampled every 200 ms here (15 s by default), so the test need not wait for the gauges.
        await using var host = await HostProcess.StartReadyAsync(Embedded(("Metrics__SampleInterval", "00:00:00.200")));
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var sms = await http.PostAsync("/sms/africastalking/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = "+254722000902", ["to"] = "1919", ["text"] = "AGENT I lost my ID", ["date"] = "2026-11-27 10:00:00",
            ["id"] = "ATXid_metrics_" + Guid.NewGuid().ToString("N"), ["linkId"] = "", ["networkCode"] = "63902",
        }));
        Assert.Equal(HttpStatusCode.OK, sms.StatusCode);

        string text = "";
        double Value(string metric) => double.Parse(text.Split('\n').Single(l => l.StartsWith(metric + "{") && l.Contains("channel=\"sms\"")).Split(' ')[^1],
            System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.WaitUntil(async () =>
        {
            text = await http.GetStringAsync("/metrics");
            return text.Contains("huduma_escalations_waiting{") && text.Contains("huduma_escalations_longest_wait_seconds{")
                && Value("huduma_escalations_longest_wait_seconds") > 0;
        }, TimeSpan.FromSeconds(10), "the escalation gauges in /metrics");
        Assert.Equal(1, Value("huduma_escalations_opened_total"));
        Assert.Equal(1, Value("huduma_escalations_waiting"));
        Assert.InRange(Value("huduma_escalations_longest_wait_seconds"), 0.1, 30);
        Assert.DoesNotContain("+254722000902", text);
        Assert.DoesNotMatch("HK[0-9]{6}", text); // no ticket reference as a label
    }
}
