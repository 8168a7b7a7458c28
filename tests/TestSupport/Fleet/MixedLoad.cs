using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// A steady, open-loop mix of provider traffic spread over several hosts (or sent to one balancer): USSD
/// sessions whose hops alternate between hosts (Africa's Talking does not retry a hop: a failed hop is a
/// broken session), inbound SMS retried, as providers retry a callback, until a host answers 200, web
/// chats (Direct Line) whose requests also alternate, and voice calls (Africa's Talking). Each channel
/// starts its sessions at its own rate, whatever the hosts' answers, so a slow fleet cannot slow the
/// load down. Every failure is kept with its time, so a test can tell when each channel answered normally
/// again, and every answered request's latency is kept per channel.
/// </summary>
public sealed class MixedLoad(IReadOnlyList<string> hosts, string callbackToken, string directLineSecret)
{
    /// <summary>The channels, as named in <see cref="Failures"/>, <see cref="Requests"/> and <see cref="Latencies"/>.</summary>
    public static readonly string[] Channels = ["ussd", "sms", "chat", "voice"];

    /// <summary>Menus only: language, main menu, county list, its next page and back (no stored data needed but the session).</summary>
    public static readonly IReadOnlyList<(string? Input, string Expect)> MenuScript =
        [(null, "Choose language"), ("1", "How can we help"), ("2", "Choose your county"), ("98", "CON"), ("0", "Choose your county")];

    /// <summary>A status check of the demo register's national ID 12345678: what most citizens dial for.</summary>
    public static readonly IReadOnlyList<(string? Input, string Expect)> StatusScript =
        [(null, "Choose language"), ("1", "How can we help"), ("1", "CON"), ("1", "CON"), ("12345678", ""), ("WC100001", "")];

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _smsAcknowledged = new();
    private readonly ConcurrentDictionary<string, int> _smsAnswers = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _latencies = new(Channels.Select(c => KeyValuePair.Create(c, new ConcurrentQueue<double>())));
    private readonly ConcurrentBag<Task> _running = [];
    // One numbering across channels and loads, so every session has a phone of its own (one seen before would be offered to resume).
    private static int _sessionNumber;
    private int _ussdSessions, _ussdCompleted, _sms, _chats, _chatsCompleted, _calls, _callsCompleted;

    public sealed record Failure(DateTimeOffset At, string Channel, string What);

    /// <summary>Sessions started a second on each channel (0: none).</summary>
    public double UssdPerSecond { get; init; } = 10;
    public double SmsPerSecond { get; init; } = 10;
    public double ChatPerSecond { get; init; } = 2.5;
    public double VoicePerSecond { get; init; }
    /// <summary>A citizen's pause between one answer and their next step.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>How long a provider waits for an answer before it counts the request as failed (3 s).</summary>
    public TimeSpan Patience { get => _http.Timeout; init => _http.Timeout = value; }
    public IReadOnlyList<(string? Input, string Expect)> UssdScript { get; init; } = MenuScript;
    /// <summary>What each citizen texts to 1919.</summary>
    public string SmsText { get; init; } = "HELP";
    /// <summary>How long a provider keeps retrying an SMS callback (once a second) before giving up.</summary>
    public int SmsAttempts { get; init; } = 60;

    public IReadOnlyCollection<Failure> Failures => _failures;
    /// <summary>The phones whose SMS a host acknowledged (200): each must get its reply exactly once.</summary>
    public IReadOnlyCollection<string> AcknowledgedSmsPhones => _smsAcknowledged.Keys.ToList();
    /// <summary>How hosts answered SMS callbacks, by status ("200", "503", "timeout", ...), retries included.</summary>
    public IReadOnlyDictionary<string, int> SmsAnswers => _smsAnswers;
    public int UssdSessions => _ussdSessions;
    public int UssdCompleted => _ussdCompleted;
    public int SmsSent => _sms;
    public int Chats => _chats;
    public int ChatsCompleted => _chatsCompleted;
    public int Calls => _calls;
    public int CallsCompleted => _callsCompleted;

    /// <summary>The latency (ms) of every request a host answered on the channel, in the order they finished.</summary>
    public IReadOnlyCollection<double> Latencies(string channel) => _latencies[channel];
    /// <summary>Requests a host answered on the channel (every status).</summary>
    public int Requests(string channel) => _latencies[channel].Count;

    /// <summary>Starts sessions at each channel's rate until stopped, then waits for those still going (SMS still being retried).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await Task.WhenAll(
            StartEveryAsync(UssdPerSecond, i => UssdSessionAsync(i), stop),
            StartEveryAsync(SmsPerSecond, i => SmsAsync(i), stop),
            StartEveryAsync(ChatPerSecond, i => ChatAsync(i), stop),
            StartEveryAsync(VoicePerSecond, i => CallAsync(i), stop));
        await Task.WhenAll(_running);

        async Task StartEveryAsync(double perSecond, Func<int, Task> session, CancellationToken ct)
        {
            if (perSecond <= 0) return;
            var clock = Stopwatch.StartNew();
            for (long k = 0; !ct.IsCancellationRequested; k++)
            {
                var due = TimeSpan.FromSeconds(k / perSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                    try { await Task.Delay(due, ct); } catch (OperationCanceledException) { break; }
                _running.Add(Task.Run(() => session(Interlocked.Increment(ref _sessionNumber)), CancellationToken.None));
            }
        }
    }

    /// <summary>When each channel last failed (none: null).</summary>
    public DateTimeOffset? LastFailure(string channel) =>
        _failures.Where(f => f.Channel == channel).Select(f => (DateTimeOffset?)f.At).Max();

    private string Host(int i) => hosts[i % hosts.Count];

    /// <summary>Sends one request and keeps its latency; a request that gets no answer in time throws.</summary>
    private async Task<(HttpStatusCode Status, string Body)> TimedAsync(string channel, HttpRequestMessage request)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        _latencies[channel].Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return (response.StatusCode, body);
    }

    private static HttpRequestMessage Form(string url, Dictionary<string, string> form) =>
        new(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };

    private async Task UssdSessionAsync(int i)
    {
        Interlocked.Increment(ref _ussdSessions);
        var phone = $"+254731{i:D6}";
        var session = "ATUid_" + Guid.NewGuid().ToString("N");
        var inputs = new List<string>();
        for (var hop = 0; hop < UssdScript.Count; hop++)
        {
            if (UssdScript[hop].Input is { } input) inputs.Add(input);
            var watch = Stopwatch.StartNew();
            string what;
            try
            {
                var (status, body) = await TimedAsync("ussd", Form($"{Host(i + hop)}/ussd/africastalking?token={callbackToken}", new()
                {
                    ["sessionId"] = session, ["serviceCode"] = "*384*1919#", ["phoneNumber"] = phone, ["networkCode"] = "63902",
                    ["text"] = string.Join("*", inputs),
                }));
                var last = hop == UssdScript.Count - 1;
                // Every hop but the last continues the session; the last may end it.
                if (status == HttpStatusCode.OK && (body.StartsWith("CON") || last && body.StartsWith("END")) && body.Contains(UssdScript[hop].Expect))
                {
                    if (!last) await Task.Delay(Pause);
                    continue;
                }
                what = $"hop {hop}: {(int)status} {body.Split('\n')[0]}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                what = $"hop {hop}: {e.GetType().Name} after {watch.ElapsedMilliseconds} ms";
            }
            _failures.Enqueue(new Failure(DateTimeOffset.UtcNow, "ussd", what));
            return; // the gateway does not retry a hop: the session is broken
        }
        Interlocked.Increment(ref _ussdCompleted);
    }

    private async Task SmsAsync(int i)
    {
        Interlocked.Increment(ref _sms);
        var phone = $"+254732{i:D6}";
        var form = new Dictionary<string, string>
        {
            ["from"] = phone, ["to"] = "1919", ["text"] = SmsText, ["date"] = "2026-12-06 10:00:00", ["id"] = Guid.NewGuid().ToString(),
            ["linkId"] = "", ["networkCode"] = "63902",
        };
        // The provider retries until a host takes the message, each time through the balancer (here: the next host).
        for (var attempt = 0; attempt < SmsAttempts; attempt++)
        {
            string answer;
            try { answer = ((int)(await TimedAsync("sms", Form($"{Host(i + attempt)}/sms/africastalking/inbound?token={callbackToken}", form))).Status).ToString(); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                answer = e is TaskCanceledException ? "timeout" : "refused";
            }
            _smsAnswers.AddOrUpdate(answer, 1, (_, c) => c + 1);
            if (answer == "200")
            {
                _smsAcknowledged[phone] = DateTimeOffset.UtcNow;
                return;
            }
            // 503: another host holds the message's lease (its answer was cut short): told to come back, by design.
            _failures.Enqueue(new Failure(DateTimeOffset.UtcNow, answer == "503" ? "sms-held" : "sms", $"attempt {attempt}: {answer}"));
            await Task.Delay(1000);
        }
    }

    private async Task ChatAsync(int i)
    {
        Interlocked.Increment(ref _chats);
        var step = 0;
        try
        {
            var generate = new HttpRequestMessage(HttpMethod.Post, $"{Host(i + step++)}/v3/directline/tokens/generate");
            generate.Headers.Authorization = new("Bearer", directLineSecret);
            var (status, body) = await TimedAsync("chat", generate);
            if (status != HttpStatusCode.OK) throw new InvalidOperationException($"tokens/generate: {(int)status}");
            var started = JsonDocument.Parse(body).RootElement;
            var (conversation, token) = (started.GetProperty("conversationId").GetString()!, started.GetProperty("token").GetString()!);
            await SendAsync(HttpMethod.Post, "/v3/directline/conversations", null);
            // The citizen says hello and picks English; each answer is read back from the next host.
            foreach (var (text, expect, count) in new[] { ("hello", "English", 2), ("english", "How can we help?", 4) })
            {
                await Task.Delay(Pause);
                await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities",
                    JsonContent.Create(new { type = "message", from = new { id = $"citizen-{i}" }, text }));
                var read = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities", null);
                var activities = JsonDocument.Parse(read).RootElement.GetProperty("activities");
                if (activities.GetArrayLength() != count || !activities[count - 1].GetRawText().Contains(expect))
                    throw new InvalidOperationException($"after \"{text}\": {activities.GetArrayLength()} activities, last {activities[activities.GetArrayLength() - 1].GetProperty("text")}");
            }
            Interlocked.Increment(ref _chatsCompleted);

            async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content)
            {
                var request = new HttpRequestMessage(method, Host(i + step++) + path) { Content = content };
                request.Headers.Authorization = new("Bearer", token);
                var (answered, text) = await TimedAsync("chat", request);
                if ((int)answered >= 300) throw new InvalidOperationException($"{method} {path.Split('/').Last()}: {(int)answered}");
                return text;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or JsonException)
        {
            _failures.Enqueue(new Failure(DateTimeOffset.UtcNow, "chat", $"step {step}: {e.GetType().Name} {e.Message}"));
        }
    }

    /// <summary>A caller on Africa's Talking's voice: English, document status, national ID, the number, confirm; then the hang-up notice.</summary>
    private async Task CallAsync(int i)
    {
        Interlocked.Increment(ref _calls);
        var session = "ATVId_" + Guid.NewGuid().ToString("N");
        var phone = $"+254734{i:D6}";
        string[] keys = ["", "1", "1", "1", "12345678", "1"]; // the first step is the call arriving
        for (var step = 0; step <= keys.Length; step++)
        {
            var active = step < keys.Length;
            var form = new Dictionary<string, string>
            {
                ["sessionId"] = session, ["isActive"] = active ? "1" : "0", ["callerNumber"] = phone, ["direction"] = "Inbound",
                ["destinationNumber"] = "+254711082919",
            };
            if (active && keys[step].Length > 0) form["dtmfDigits"] = keys[step];
            if (!active) { form["durationInSeconds"] = "30"; form["hangupCause"] = "NORMAL_CLEARING"; }
            var watch = Stopwatch.StartNew();
            string what;
            try
            {
                var (status, body) = await TimedAsync("voice", Form($"{Host(i + step)}/voice/africastalking?token={callbackToken}", form));
                if (status == HttpStatusCode.OK && (!active || body.Contains("<Response>")))
                {
                    if (active) await Task.Delay(Pause);
                    continue;
                }
                what = $"step {step}: {(int)status} {body.Split('\n')[0]}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                what = $"step {step}: {e.GetType().Name} after {watch.ElapsedMilliseconds} ms";
            }
            _failures.Enqueue(new Failure(DateTimeOffset.UtcNow, "voice", what));
            return;
        }
        Interlocked.Increment(ref _callsCompleted);
    }
}
