using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The product's own instruments (Meter "Huduma.Contact") as Prometheus scrapes them from a host process: the
/// names and labels of the metric catalog, moved by exactly what the test did, and never a personal number.
/// </summary>
public sealed class MetricsInstrumentTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Stranger = "+254733000917";
    private const string NotRegistered = "11112222"; // the demo register's generated national IDs are 20000000 and up

    private static Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static (string, string)[] AfricasTalkingAt(string baseUrl) =>
    [
        ("Sms__Primary", "AfricasTalking"), ("AfricasTalking__BaseUrl", baseUrl),
        ("AfricasTalking__Username", AfricasTalkingApiSimulator.Username), ("AfricasTalking__ApiKey", AfricasTalkingApiSimulator.ApiKey),
    ];

    /// <summary>A new phone's USSD status session: language, the status menu, national ID, the number. Five hops.</summary>
    private static async Task StatusSessionAsync(HttpClient http, string msisdn, string number)
    {
        var phone = new UssdPhone(http, msisdn);
        var first = await phone.DialAsync();
        await phone.SendAsync(UssdPhone.Option(first, "English"));
        var types = await phone.SendAsync("1");
        await phone.SendAsync(UssdPhone.Option(types, "National"));
        await phone.SendAsync(number);
    }

    [Fact]
    public async Task Ussd_sms_and_chat_requests_and_their_outcomes_are_counted_with_the_catalogs_labels_and_no_personal_number()
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        await using var host = await HostProcess.StartReadyAsync(Settings(AfricasTalkingAt(at.BaseUrl)));
        at.DeliveryReportUrl = host.BaseUrl + "/sms/africastalking/delivery";
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        // USSD: the demo holder's own document (found); a stranger asking for a number the register does not hold.
        await StatusSessionAsync(http, DemoRegister.DemoPhone, "12345678");
        await StatusSessionAsync(http, Stranger, NotRegistered);
        var junk = await http.PostAsync("/ussd/africastalking", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, junk.StatusCode);

        // SMS: the holder texts for the status; the reply goes out through Africa's Talking, whose delivery report comes back.
        var inbound = await http.PostAsync("/sms/africastalking/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = DemoRegister.DemoPhone, ["to"] = "1919", ["text"] = "ID 12345678", ["date"] = "2026-11-27 10:00:00",
            ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"), ["linkId"] = "", ["networkCode"] = "63902",
        }));
        Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);

        // Chat: a Direct Line conversation (the embedded default's is open) and one message in it.
        var started = await (await http.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<Started>();
        var said = await http.PostAsJsonAsync($"/v3/directline/conversations/{started!.ConversationId}/activities",
            new { type = "message", from = new { id = "citizen" }, text = "hello" });
        Assert.Equal(HttpStatusCode.OK, said.StatusCode);

        // The delivery report is the last thing to happen: after it, everything above has been recorded.
        var text = "";
        await Eventually.WaitUntil(async () =>
        {
            text = await http.GetStringAsync("/metrics");
            return Scrape.Value(text, "huduma_sms_delivered_total", ("provider", "africastalking")) >= 1;
        }, TimeSpan.FromSeconds(20), "the delivery report in /metrics");

        const string requests = "huduma_channel_request_duration_seconds_count";
        Assert.Equal(10, Scrape.Value(text, requests, ("channel", "ussd"), ("provider", "africastalking"), ("outcome", "answered")));
        Assert.Equal(1, Scrape.Value(text, requests, ("channel", "ussd"), ("provider", "africastalking"), ("outcome", "refused")));
        Assert.Equal(2, Scrape.Value(text, requests, ("channel", "sms"), ("provider", "africastalking"), ("outcome", "answered")));
        Assert.Equal(2, Scrape.Value(text, requests, ("channel", "chat"), ("provider", "directline"), ("outcome", "answered")));
        Assert.Equal(0, Scrape.Value(text, requests, ("outcome", "failed")));
        Assert.Contains("huduma_channel_request_duration_seconds_bucket{", text);

        const string outcomes = "huduma_dialog_outcomes_total";
        Assert.Equal(1, Scrape.Value(text, outcomes, ("channel", "ussd"), ("outcome", "status_found")));
        Assert.Equal(1, Scrape.Value(text, outcomes, ("channel", "ussd"), ("outcome", "status_not_found")));
        Assert.Equal(1, Scrape.Value(text, outcomes, ("channel", "sms"), ("outcome", "status_found")));
        Assert.Equal(3, Scrape.Value(text, outcomes));

        Assert.Equal(1, Scrape.Value(text, "huduma_sms_sent_total", ("provider", "africastalking")));
        Assert.Equal(1, Scrape.Value(text, "huduma_sms_delivered_total", ("provider", "africastalking")));
        Assert.Equal(0, Scrape.Value(text, "huduma_sms_failed_total"));
        Assert.Equal(1, Scrape.Value(text, "huduma_sms_provider_duration_seconds_count", ("provider", "africastalking"), ("outcome", "accepted")));
        Assert.Equal(0, Scrape.Sample(text, "huduma_sms_circuit_open", ("provider", "africastalking"))); // shown, and closed

        // Labels never carry a phone number or a document number.
        foreach (var personal in new[] { "254711000001", "254733000917", "12345678", NotRegistered })
            Assert.DoesNotContain(personal, text);
    }

    [Fact]
    public async Task The_backlog_and_due_reminders_show_after_a_sample_and_an_unreachable_provider_opens_its_circuit()
    {
        var nobody = $"http://127.0.0.1:{LoopbackPorts.Free()}"; // nothing listens: every send fails at once, unreachable
        await using var host = await HostProcess.StartReadyAsync(Settings([
            .. AfricasTalkingAt(nobody),
            ("Logging__LogLevel__Default", "Error"), ("Redis__ConnectionString", redis.ConnectionString), ("Security__RequireSecrets", "false"),
            ("Metrics__SampleInterval", "00:00:00.250"),
            // Refused replies are tried again quickly, so the breaker sees its hundred calls within seconds.
            ("Sms__Queue__ClaimAfter", "00:00:00.200"), ("Sms__Queue__PollInterval", "00:00:00.100"),
            // No sweep while the test looks at the queue (the first of January only).
            ("Reminders__SweepCron", "0 0 1 1 *"),
        ]));
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var reminders = new RedisReminderStore(redis.Connection);
        for (var i = 0; i < 3; i++) await reminders.ScheduleAsync(new DueReminder($"national_id:3100000{i}", 0), DateTimeOffset.UtcNow.AddMinutes(-5));
        await reminders.ScheduleAsync(new DueReminder("national_id:31000009", 0), DateTimeOffset.UtcNow.AddDays(3)); // not due yet
        var queue = new RedisSmsQueue(redis.Connection);
        for (var i = 0; i < 25; i++)
            await queue.EnqueueAsync(new OutboundSms($"+2547220009{i:00}", "Your ID is ready for collection.", "reply", Id: $"reply:metrics:{i}"));

        var text = "";
        await Eventually.WaitUntil(async () =>
        {
            text = await http.GetStringAsync("/metrics");
            return Scrape.Sample(text, "huduma_reminders_due") == 3 && Scrape.Sample(text, "huduma_sms_outbound_backlog") == 25
                   && Scrape.Sample(text, "huduma_sms_circuit_open", ("provider", "africastalking")) == 1;
        }, TimeSpan.FromSeconds(30), "the due reminders, the backlog and the open circuit in /metrics");

        Assert.True(Scrape.Value(text, "huduma_sms_failed_total", ("provider", "africastalking"), ("reason", "unreachable")) >= 100, text);
        Assert.Equal(0, Scrape.Value(text, "huduma_sms_sent_total"));
        Assert.DoesNotContain("2547220009", text);
    }

    [Fact]
    public async Task A_redis_command_that_times_out_and_a_lost_connection_are_counted_and_a_scrape_meanwhile_does_not_wait()
    {
        var own = new RedisServer(); // killed below: not the class's server
        await own.InitializeAsync();
        try
        {
            await using var host = await HostProcess.StartReadyAsync(Settings(
                ("Logging__LogLevel__Default", "Critical"), ("Security__RequireSecrets", "false"),
                ("Redis__ConnectionString", own.ConnectionString + ",asyncTimeout=500")));
            using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };

            // Redis holds every client's commands for three seconds: a USSD hop's read times out after half a second.
            using (var pause = System.Diagnostics.Process.Start("redis-cli", ["-p", own.Port.ToString(), "CLIENT", "PAUSE", "3000", "ALL"]))
                await pause.WaitForExitAsync();
            var hop = UssdPhone.PostAsync(http, new UssdPhone(http, Stranger).Form());
            var scrape = System.Diagnostics.Stopwatch.StartNew();
            await http.GetStringAsync("/metrics");
            Assert.True(scrape.Elapsed < TimeSpan.FromSeconds(1), $"a scrape took {scrape.Elapsed} while Redis was paused");
            Assert.StartsWith("END ", await (await hop).Content.ReadAsStringAsync());

            var text = await http.GetStringAsync("/metrics");
            Assert.True(Scrape.Value(text, "huduma_redis_errors_total", ("kind", "timeout")) >= 1, text);
            Assert.Equal(0, Scrape.Value(text, "huduma_redis_errors_total", ("kind", "connection_failed")));

            await own.KillAsync();
            await Eventually.WaitUntil(async () =>
                Scrape.Value(await http.GetStringAsync("/metrics"), "huduma_redis_errors_total", ("kind", "connection_failed")) >= 1,
                TimeSpan.FromSeconds(10), "the lost connection in /metrics");
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private sealed record Started(string ConversationId, string Token);
}

/// <summary>Reading a Prometheus text scrape.</summary>
internal static class Scrape
{
    /// <summary>The sum of the samples of <paramref name="name"/> that carry every label given (0 when none does).</summary>
    public static double Value(string text, string name, params (string Label, string Value)[] labels) =>
        Samples(text, name, labels).Sum();

    /// <summary>The one sample of <paramref name="name"/> with the labels given, or -1 when there is none.</summary>
    public static double Sample(string text, string name, params (string Label, string Value)[] labels) =>
        Samples(text, name, labels).DefaultIfEmpty(-1).Single();

    private static IEnumerable<double> Samples(string text, string name, (string Label, string Value)[] labels)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length) continue;
            var rest = line[name.Length..];
            if (rest[0] != '{' && rest[0] != ' ') continue; // another metric whose name starts the same
            if (!labels.All(l => rest.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal))) continue;
            yield return double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
        }
    }
}
