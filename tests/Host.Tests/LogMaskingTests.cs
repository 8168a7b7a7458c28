using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.TestSupport;
using Xunit.Abstractions;

using static Huduma.Contact.Host.Tests.Eventually;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The host as a real process with JSON console logs and Huduma's own categories at Debug, through whole
/// sessions on every channel; then every line it wrote is read back: each one JSON, none holding a phone or
/// document number that was used, in any form.
/// </summary>
public sealed partial class LogMaskingTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const string CallbackSecret = "log-masking-callback-secret";
    private const string DirectLineSecret = "log-masking-direct-line-secret";
    private const string AgentKey = "log-masking-agent-key";
    private const string PublicBase = "https://huduma.example.go.ke";

    /// <summary>A Kenyan mobile number of its own for each use, so a leak can be told from the test that made it.</summary>
    private static string Phone(string prefix) => $"+2547{prefix}{Random.Shared.Next(100_000, 999_999)}";
    private static string IdNumber() => Random.Shared.Next(31_000_000, 39_999_999).ToString();

    /// <summary>The settings of a production host on the loopback simulators, its console in JSON.</summary>
    public static Dictionary<string, string> JsonLoggingHost(RedisServer redis, AfricasTalkingApiSimulator at, TwilioApiSimulator twilio) => new()
    {
        ["Redis__ConnectionString"] = redis.ConnectionString, ["Demo__SeedRegister"] = "false",
        ["AfricasTalking__CallbackSecret"] = CallbackSecret, ["AfricasTalking__BaseUrl"] = at.BaseUrl,
        ["AfricasTalking__Username"] = AfricasTalkingApiSimulator.Username, ["AfricasTalking__ApiKey"] = AfricasTalkingApiSimulator.ApiKey,
        ["Twilio__BaseUrl"] = twilio.BaseUrl, ["Twilio__AccountSid"] = TwilioApiSimulator.AccountSid,
        ["Twilio__AuthToken"] = TwilioApiSimulator.AuthToken, ["Twilio__From"] = "+15005550006", ["PublicBaseUrl"] = PublicBase,
        ["Sms__Primary"] = "Twilio", ["Sms__Secondary"] = "AfricasTalking",
        ["DirectLine__Secret"] = DirectLineSecret, ["AgentApi__Keys__0__Agent"] = "amina", ["AgentApi__Keys__0__Key"] = AgentKey,
        ["Reminders__QuietHours"] = "00:00-00:00", ["Reminders__SweepCron"] = "0 0 1 1 *", // swept when the test says
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__LogLevel__Default"] = "Information", ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        ["Logging__LogLevel__Huduma"] = "Debug",
    };

    [Fact]
    public async Task A_session_on_every_channel_writes_only_json_lines_with_every_phone_and_document_number_masked()
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        await using var twilio = await TwilioApiSimulator.StartAsync();
        await using var channel = await BotFrameworkChannelSimulator.StartAsync();
        await using var host = await HostProcess.StartReadyAsync(JsonLoggingHost(redis, at, twilio), output.WriteLine);
        at.DeliveryReportUrl = $"{host.BaseUrl}/sms/africastalking/delivery?token={CallbackSecret}";
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var register = new RedisDocumentRegister(redis.Connection);
        var phones = new List<string>();
        var numbers = new List<string>();

        async Task<RegisteredDocument> HolderAsync(string prefix)
        {
            var document = new RegisteredDocument
            {
                Type = "national_id", Number = IdNumber(), HolderName = "Neema Wekesa", Phones = [Phone(prefix)],
                CentreId = "nairobi-gpo", Status = DocumentStatus.ReadyForCollection, WaitingCardRef = $"WC{Random.Shared.Next(100_000, 999_999)}",
                AppliedOn = new DateOnly(2026, 10, 1), ReadyOn = new DateOnly(2026, 11, 1),
            };
            await register.UpsertAsync(document);
            phones.Add(document.Phones[0]);
            numbers.Add(document.Number);
            return document;
        }

        // USSD: the holder checks their ID; a stranger checks another with its waiting card; the session ends.
        var ussdHolder = await HolderAsync("21");
        var ussd = new UssdPhone(http, ussdHolder.Phones[0], CallbackSecret);
        Assert.Contains("Choose language", await ussd.DialAsync());
        await ussd.SendAsync("1");
        await ussd.SendAsync("1");
        await ussd.SendAsync("1");
        Assert.Contains("READY", await ussd.SendAsync(ussdHolder.Number));
        var otherDocument = await HolderAsync("22");
        var stranger = new UssdPhone(http, Phone("23"), CallbackSecret);
        phones.Add(stranger.Msisdn);
        await stranger.DialAsync();
        foreach (var input in new[] { "1", "1", "1" }) await stranger.SendAsync(input);
        Assert.Contains("waiting card", await stranger.SendAsync(otherDocument.Number));
        Assert.Contains("READY", await stranger.SendAsync(otherDocument.WaitingCardRef!));
        Assert.Equal(HttpStatusCode.OK, (await UssdPhone.PostAsync(http, new()
        {
            ["sessionId"] = stranger.SessionId, ["phoneNumber"] = stranger.Msisdn, ["serviceCode"] = "*384*1919#", ["networkCode"] = "63902",
            ["status"] = "Success", ["durationInMillis"] = "12000", ["hopsCount"] = "6", ["date"] = "2026-12-06 10:00:00",
        }, CallbackSecret, "/ussd/africastalking/events")).StatusCode);

        // SMS through Africa's Talking: a status keyword, answered by SMS (Twilio first, the primary) and reported delivered.
        var smsHolder = await HolderAsync("24");
        Assert.Equal(HttpStatusCode.OK, (await AtSmsAsync(http, smsHolder.Phones[0], $"ID {smsHolder.Number}")).StatusCode);
        await WaitUntil(() => twilio.Created.Any(m => m.To == smsHolder.Phones[0]), TimeSpan.FromSeconds(15), "the SMS reply sent through Twilio");
        var replySid = twilio.Created.First(m => m.To == smsHolder.Phones[0]).Sid;
        Assert.Equal(HttpStatusCode.OK, (await TwilioAsync(http, "/sms/twilio/status", new()
        {
            ["MessageSid"] = replySid, ["MessageStatus"] = "delivered", ["AccountSid"] = TwilioApiSimulator.AccountSid,
            ["To"] = smsHolder.Phones[0], ["From"] = "+15005550006", ["ApiVersion"] = "2010-04-01",
        })).StatusCode);

        // SMS through Twilio: a status, answered in TwiML, from a phone written the way Twilio writes it.
        var twilioHolder = await HolderAsync("25");
        var twiml = await (await TwilioAsync(http, "/sms/twilio/inbound", new()
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = TwilioApiSimulator.AccountSid, ["From"] = twilioHolder.Phones[0],
            ["To"] = "+254700001919", ["Body"] = $"ID {twilioHolder.Number}", ["NumMedia"] = "0", ["NumSegments"] = "1", ["ApiVersion"] = "2010-04-01",
        })).Content.ReadAsStringAsync();
        Assert.Contains("READY", XDocument.Parse(twiml).Root!.Element("Message")!.Value);

        // Voice on Africa's Talking: English, document status, national ID, the number by keypad, confirm; then the hang-up notice.
        var atCaller = await HolderAsync("26");
        var callId = "ATVId_" + Guid.NewGuid().ToString("N");
        string atSaid = "";
        foreach (var keys in new[] { "", "1", "1", "1", atCaller.Number + "#", "1" })
            atSaid = await AtVoiceAsync(http, callId, atCaller.Phones[0], active: true, keys);
        Assert.Contains("READY", atSaid);
        await AtVoiceAsync(http, callId, atCaller.Phones[0], active: false, null);

        // Voice on Twilio: the same, then its status callback.
        var twilioCaller = await HolderAsync("27");
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        string twilioSaid = "";
        foreach (var digits in new[] { (string?)null, "1", "1", "1", twilioCaller.Number + "#", "1" })
        {
            var form = TwilioCall(callSid, twilioCaller.Phones[0]);
            if (digits is not null) form["Digits"] = digits;
            twilioSaid = await (await TwilioAsync(http, digits is null ? "/voice/twilio" : "/voice/twilio/gather", form)).Content.ReadAsStringAsync();
        }
        Assert.Contains("READY", twilioSaid);
        var ended = TwilioCall(callSid, twilioCaller.Phones[0]);
        (ended["CallStatus"], ended["CallDuration"]) = ("completed", "42");
        Assert.Equal(HttpStatusCode.OK, (await TwilioAsync(http, "/voice/twilio/status", ended)).StatusCode);

        // Web chat over Direct Line: a typed ID number, then its waiting card.
        var chatDocument = await HolderAsync("28");
        var chatSaid = await DirectLineAsync(http, ["hi", "1", "1", "1", chatDocument.Number, chatDocument.WaitingCardRef!]);
        Assert.Contains("READY", chatSaid);

        // /api/messages (open mode: a Bot Framework channel on this machine): the same, typed.
        var connectorDocument = await HolderAsync("29");
        var conversation = "a:" + Guid.NewGuid().ToString("N");
        string[] typed = ["hello", "English", "1", "1", connectorDocument.Number, connectorDocument.WaitingCardRef!];
        for (var i = 0; i < typed.Length; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/messages", new
            {
                type = "message", id = $"m{i}", channelId = "emulator", serviceUrl = channel.BaseUrl, text = typed[i],
                from = new { id = "user-1", name = "Citizen" }, recipient = new { id = "bot", name = "Huduma 1919" },
                conversation = new { id = conversation }, timestamp = DateTimeOffset.UtcNow.ToString("O"),
            })).StatusCode);
        await WaitUntil(() => channel.Received.Any(r => r.Activity.GetProperty("text").GetString()?.Contains("READY") == true),
            TimeSpan.FromSeconds(15), "the connector's status answer");

        // An escalation by SMS (the citizen writes their number in the text), claimed and answered by an agent.
        var escalating = Phone("30");
        phones.Add(escalating);
        var local = "0" + escalating[4..];
        Assert.Equal(HttpStatusCode.OK, (await AtSmsAsync(http, escalating, $"AGENT please call me on {local}")).StatusCode);
        await WaitUntil(() => twilio.Requests.Any(r => r.GetValueOrDefault("To") == escalating), TimeSpan.FromSeconds(15), "the escalation's acknowledgement");
        var reference = ReferencePattern().Match(twilio.Requests.First(r => r.GetValueOrDefault("To") == escalating)["Body"]).Value;
        Assert.NotEmpty(reference);
        http.DefaultRequestHeaders.Add("X-Api-Key", AgentKey);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/agents/escalations/{reference}/claim", new { agent = "amina" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/agents/escalations/{reference}/reply",
            new { agent = "amina", text = "Habari, tutakupigia leo." })).StatusCode);
        await WaitUntil(() => twilio.Requests.Any(r => r.GetValueOrDefault("To") == escalating && r["Body"].Contains("tutakupigia")),
            TimeSpan.FromSeconds(15), "the agent's reply by SMS");

        // A reminder, which Twilio refuses with the number in its error (as Twilio does), then Africa's Talking sends and reports.
        var reminded = await HolderAsync("31");
        await new RedisReminderStore(redis.Connection).ScheduleAsync(new DueReminder(reminded.Key, 0), DateTimeOffset.UtcNow.AddMinutes(-1));
        twilio.Script.Enqueue("21211");
        // Hangfire's log provider is global: an in-process host of an earlier test may have left its own, disposed, there.
        GlobalConfiguration.Configuration.UseLogProvider(new Hangfire.Logging.LogProviders.ColouredConsoleLogProvider(Hangfire.Logging.LogLevel.Fatal));
        var jobs = new BackgroundJobClient(new RedisStorage(redis.Connection, new RedisStorageOptions { Prefix = "{huduma-hangfire}:" }));
        jobs.Enqueue<ReminderSweep>(sweep => sweep.RunAsync(CancellationToken.None));
        await WaitUntil(() => at.Accepted.Any(r => r.GetValueOrDefault("to") == reminded.Phones[0]), TimeSpan.FromSeconds(30), "the reminder sent through Africa's Talking");
        await WaitUntil(() => host.Output.Any(l => l.Contains("/sms/africastalking/delivery")), TimeSpan.FromSeconds(10), "its delivery report");
        await Task.Delay(500); // the last lines of the last requests

        var lines = host.Output.ToList();
        output.WriteLine($"{lines.Count} lines");
        Assert.True(lines.Count > 100, $"only {lines.Count} lines: was Debug on?");
        var leaks = new List<string>();
        foreach (var line in lines)
        {
            string text;
            try { text = line + "\n" + string.Join("\n", Strings(JsonDocument.Parse(line).RootElement)); }
            catch (JsonException) { leaks.Add($"not JSON: {line}"); continue; }
            // A phone in any form (+2547…, 2547…, 07…) holds its nine national digits; a document number is itself.
            foreach (var phone in phones.Where(p => text.Contains(p[4..])))
                leaks.Add($"phone {phone}: {line}");
            foreach (var number in numbers.Where(text.Contains))
                leaks.Add($"document number {number}: {line}");
        }
        foreach (var leak in leaks) output.WriteLine(leak);
        Assert.Empty(leaks);

        // A line written while a webhook is handled carries that request's trace id and path (ASP.NET Core's scopes).
        var hop = lines.Select(l => JsonDocument.Parse(l).RootElement).First(l => l.GetProperty("Category").GetString() == "Huduma.Contact.Ussd.UssdHopHandler");
        var scopes = hop.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var id) && TraceIdPattern().IsMatch(id.GetString()!));
        Assert.Contains(scopes, s => s.TryGetProperty("RequestPath", out var path) && path.GetString() == "/ussd/africastalking");
        Assert.EndsWith("Z", hop.GetProperty("Timestamp").GetString()); // UTC
    }

    /// <summary>Every string in a JSON value, decoded (a number escaped in the line is found too).</summary>
    public static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [element.GetRawText()],
    };

    public static Task<HttpResponseMessage> AtSmsAsync(HttpClient http, string from, string text, string token = CallbackSecret) =>
        http.PostAsync($"/sms/africastalking/inbound?token={token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = from, ["to"] = "1919", ["text"] = text, ["date"] = "2026-12-06 10:00:00", ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"),
            ["linkId"] = "", ["networkCode"] = "63902",
        }));

    private static async Task<string> AtVoiceAsync(HttpClient http, string session, string caller, bool active, string? keys)
    {
        var form = new Dictionary<string, string>
        {
            ["sessionId"] = session, ["isActive"] = active ? "1" : "0", ["callerNumber"] = caller, ["direction"] = "Inbound",
            ["destinationNumber"] = "+254711082919",
        };
        if (!string.IsNullOrEmpty(keys)) form["dtmfDigits"] = keys;
        if (!active) (form["durationInSeconds"], form["hangupCause"]) = ("30", "NORMAL_CLEARING");
        var response = await http.PostAsync($"/voice/africastalking?token={CallbackSecret}", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Dictionary<string, string> TwilioCall(string sid, string from) => new()
    {
        ["CallSid"] = sid, ["AccountSid"] = TwilioApiSimulator.AccountSid, ["From"] = from, ["To"] = "+254700001919",
        ["CallStatus"] = "in-progress", ["Direction"] = "inbound", ["ApiVersion"] = "2010-04-01",
    };

    /// <summary>A Twilio webhook, signed for the public URL Twilio would have called.</summary>
    private static async Task<HttpResponseMessage> TwilioAsync(HttpClient http, string path, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Sign(TwilioApiSimulator.AuthToken, PublicBase + path.Split('?')[0], form));
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        return response;
    }

    /// <summary>A web chat over Direct Line: each message typed, and the last answer's text.</summary>
    private static async Task<string> DirectLineAsync(HttpClient http, IReadOnlyList<string> typed)
    {
        var generate = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate");
        generate.Headers.Authorization = new("Bearer", DirectLineSecret);
        var started = JsonDocument.Parse(await (await http.SendAsync(generate)).Content.ReadAsStringAsync()).RootElement;
        var (conversation, token) = (started.GetProperty("conversationId").GetString()!, started.GetProperty("token").GetString()!);
        async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content)
        {
            var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.Authorization = new("Bearer", token);
            var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            return await response.Content.ReadAsStringAsync();
        }
        await SendAsync(HttpMethod.Post, "/v3/directline/conversations", null);
        foreach (var text in typed)
            await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities",
                JsonContent.Create(new { type = "message", from = new { id = "citizen-1" }, text }));
        var activities = JsonDocument.Parse(await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities", null))
            .RootElement.GetProperty("activities");
        return activities[activities.GetArrayLength() - 1].GetProperty("text").GetString() ?? "";
    }

    [GeneratedRegex("HK[0-9]{6}")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceIdPattern();
}
