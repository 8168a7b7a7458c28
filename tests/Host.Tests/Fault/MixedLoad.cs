using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Huduma.Contact.Host.Tests.Fault;

/// <summary>
/// A steady mix of provider traffic spread over several hosts, as a load balancer would send it: USSD
/// sessions whose hops alternate between hosts (Africa's Talking does not retry a hop: a failed hop is a
/// broken session), and inbound SMS that are retried, as providers retry a callback, until a host answers
/// 200; and web chats (Direct Line) whose requests also alternate between hosts. Every failure is kept with its time, so a test can tell when each channel answered normally again.
/// </summary>
internal sealed class MixedLoad(IReadOnlyList<string> hosts, string callbackToken, string directLineSecret)
{
    private static readonly TimeSpan UssdPatience = TimeSpan.FromSeconds(3);
    private readonly HttpClient _http = new() { Timeout = UssdPatience };
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _smsAcknowledged = new();
    private readonly ConcurrentDictionary<string, int> _smsAnswers = new();
    private readonly ConcurrentBag<Task> _running = [];
    private int _ussdSessions, _ussdCompleted, _sms, _chats, _chatsCompleted;

    public sealed record Failure(DateTimeOffset At, string Channel, string What);

    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);
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

    /// <summary>Starts a USSD session and an SMS every <see cref="Interval"/> until stopped, then waits for the SMS still being retried.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            var i = Interlocked.Increment(ref n);
            _running.Add(UssdSessionAsync(i));
            _running.Add(SmsAsync(i));
            if (i % 4 == 0) _running.Add(ChatAsync(i));
            try { await Task.Delay(Interval, stop); } catch (OperationCanceledException) { }
        }
        await Task.WhenAll(_running);
    }

    private async Task UssdSessionAsync(int i)
    {
        Interlocked.Increment(ref _ussdSessions);
        var phone = $"+2547301{i:D5}";
        var session = "ATUid_" + Guid.NewGuid().ToString("N");
        var inputs = new List<string>();
        // Each hop's input and a text its answer must show.
        (string? Input, string Expect)[] hops = [(null, "Choose language"), ("1", "How can we help"), ("2", "Choose your county"), ("98", "CON"), ("0", "Choose your county")];
        for (var hop = 0; hop < hops.Length; hop++)
        {
            if (hops[hop].Input is { } input) inputs.Add(input);
            var host = hosts[(i + hop) % hosts.Count];
            var form = new Dictionary<string, string>
            {
                ["sessionId"] = session, ["serviceCode"] = "*384*1919#", ["phoneNumber"] = phone, ["networkCode"] = "63902",
                ["text"] = string.Join("*", inputs),
            };
            var watch = Stopwatch.StartNew();
            string what;
            try
            {
                using var response = await _http.PostAsync($"{host}/ussd/africastalking?token={callbackToken}", new FormUrlEncodedContent(form));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && body.StartsWith("CON") && body.Contains(hops[hop].Expect))
                {
                    await Task.Delay(100);
                    continue;
                }
                what = $"hop {hop}: {(int)response.StatusCode} {body.Split('\n')[0]}";
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
        var phone = $"+2547302{i:D5}";
        var form = new Dictionary<string, string>
        {
            ["from"] = phone, ["to"] = "1919", ["text"] = "HELP", ["date"] = "2026-12-06 10:00:00", ["id"] = Guid.NewGuid().ToString(),
            ["linkId"] = "", ["networkCode"] = "63902",
        };
        // The provider retries until a host takes the message, each time through the balancer (here: the next host).
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var host = hosts[(i + attempt) % hosts.Count];
            string answer;
            try
            {
                using var response = await _http.PostAsync($"{host}/sms/africastalking/inbound?token={callbackToken}", new FormUrlEncodedContent(form));
                answer = ((int)response.StatusCode).ToString();
            }
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
        string Host(int step) => hosts[(i + step) % hosts.Count];
        var step = 0;
        try
        {
            using var generate = new HttpRequestMessage(HttpMethod.Post, $"{Host(step++)}/v3/directline/tokens/generate");
            generate.Headers.Authorization = new("Bearer", directLineSecret);
            using var generated = await _http.SendAsync(generate);
            generated.EnsureSuccessStatusCode();
            var started = System.Text.Json.JsonDocument.Parse(await generated.Content.ReadAsStringAsync()).RootElement;
            var (conversation, token) = (started.GetProperty("conversationId").GetString()!, started.GetProperty("token").GetString()!);
            await SendAsync(HttpMethod.Post, $"/v3/directline/conversations", null);
            // The citizen says hello and picks English; each answer is read back from the other host.
            foreach (var (text, expect, count) in new[] { ("hello", "English", 2), ("english", "How can we help?", 4) })
            {
                await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities",
                    System.Net.Http.Json.JsonContent.Create(new { type = "message", from = new { id = $"citizen-{i}" }, text }));
                var read = await SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities", null);
                var activities = System.Text.Json.JsonDocument.Parse(read).RootElement.GetProperty("activities");
                if (activities.GetArrayLength() != count || !activities[count - 1].GetRawText().Contains(expect))
                    throw new InvalidOperationException($"after \"{text}\": {activities.GetArrayLength()} activities, last {activities[activities.GetArrayLength() - 1].GetProperty("text")}");
                await Task.Delay(100);
            }
            Interlocked.Increment(ref _chatsCompleted);

            async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content)
            {
                using var request = new HttpRequestMessage(method, Host(step++) + path) { Content = content };
                request.Headers.Authorization = new("Bearer", token);
                using var response = await _http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path.Split('/').Last()}: {(int)response.StatusCode}");
                return body;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or System.Text.Json.JsonException)
        {
            _failures.Enqueue(new Failure(DateTimeOffset.UtcNow, "chat", $"step {step}: {e.GetType().Name} {e.Message}"));
        }
    }

    /// <summary>When each channel last failed (none: null).</summary>
    public DateTimeOffset? LastFailure(string channel) =>
        _failures.Where(f => f.Channel == channel).Select(f => (DateTimeOffset?)f.At).Max();
}
