// Direct Line chat load generator (bench/README.md): many conversations, each with its own WebSocket
// stream open, posting citizens' messages by REST and timing until the bot's reply arrives on the
// stream. Loopback only.
//   --mode open   --rate R: R messages/s offered in all, spread over the conversations (latency counted
//                 from each message's scheduled time, so a slow host cannot hide its queue)
//   --mode closed: every conversation sends its next message as soon as the last is answered
//   --mode hold   --hold S: opens the conversations, warms them, prints "OPEN", and holds them S seconds
//                 (the script measures memory meanwhile)
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

var options = Args(args);
var url = options.GetValueOrDefault("url") ?? "http://127.0.0.1:5000";
var mode = options.GetValueOrDefault("mode") ?? "open";
var conversationsWanted = int.Parse(options.GetValueOrDefault("conversations") ?? "1000");
var seconds = double.Parse(options.GetValueOrDefault("seconds") ?? "10");
var rate = double.Parse(options.GetValueOrDefault("rate") ?? "2000");
var hold = double.Parse(options.GetValueOrDefault("hold") ?? "15");
// --pids host,redis: CPU each process spent per message during the measured part only (not the warm-up).
var pids = (options.GetValueOrDefault("pids") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
static long CpuTicks(int pid) => File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) is var f
    ? long.Parse(f[11]) + long.Parse(f[12]) : 0;

var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{ BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

var open = Stopwatch.StartNew();
var conversations = new Conversation[conversationsWanted];
using (var gate = new SemaphoreSlim(64))
    await Task.WhenAll(Enumerable.Range(0, conversationsWanted).Select(async i =>
    {
        await gate.WaitAsync();
        try { conversations[i] = await Conversation.StartAsync(http, i); }
        finally { gate.Release(); }
    }));
// Warm up: choose English, so the measured messages are menu hops and questions.
await Task.WhenAll(conversations.Select(async c => { await c.SayAsync("hi"); await c.SayAsync("1"); }));
Console.WriteLine($"opened {conversationsWanted} conversations with their WebSocket streams in {open.Elapsed.TotalSeconds:F1} s");

if (mode == "hold")
{
    Console.WriteLine("OPEN");
    await Task.Delay(TimeSpan.FromSeconds(hold));
    return;
}

var latencies = new ConcurrentBag<double>();
// How late the generator itself sent (open loop): a late send counts against the host's latency too,
// so this says how much of a tail is the generator's own, on a machine it shares with the host.
var sendLags = new ConcurrentBag<double>();
var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
var failures = 0;
var sent = 0;
var cpuBefore = pids.Select(CpuTicks).ToArray();
var clock = Stopwatch.StartNew();
var end = TimeSpan.FromSeconds(seconds);
if (mode == "closed")
{
    await Task.WhenAll(conversations.Select(async c =>
    {
        while (clock.Elapsed < end)
        {
            var start = clock.Elapsed;
            Interlocked.Increment(ref sent);
            if (await c.SayAsync(c.NextText())) latencies.Add((clock.Elapsed - start).TotalMilliseconds);
            else Interlocked.Increment(ref failures);
        }
    }));
}
else
{
    // Message j is due at j / rate, in conversation j mod N: each conversation sends every N / rate seconds.
    var total = (int)(rate * seconds);
    await Task.WhenAll(conversations.Select(async (c, i) =>
    {
        for (var j = i; j < total; j += conversations.Length)
        {
            var due = TimeSpan.FromSeconds(j / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            sendLags.Add((clock.Elapsed - due).TotalMilliseconds);
            Interlocked.Increment(ref sent);
            if (await c.SayAsync(c.NextText())) latencies.Add((clock.Elapsed - due).TotalMilliseconds);
            else Interlocked.Increment(ref failures);
        }
    }));
}
var elapsed = clock.Elapsed.TotalSeconds;
var sorted = latencies.OrderBy(x => x).ToArray();
double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
Console.WriteLine($"mode={mode} conversations={conversationsWanted} messages={sorted.Length} failures={failures} " +
                  $"messages_per_s={sorted.Length / elapsed:F0} p50_ms={P(0.50):F2} p99_ms={P(0.99):F2} max_ms={P(1):F2}" +
                  (mode == "open" ? $" offered_per_s={rate:F0}" : ""));
// Clock ticks are 10 ms each (USER_HZ 100).
if (pids.Length > 0 && sorted.Length > 0)
    Console.WriteLine("  cpu per message: " + string.Join(", ", pids.Select((pid, i) =>
        $"pid {pid} {(CpuTicks(pid) - cpuBefore[i]) * 10_000.0 / sorted.Length:F0} us")) +
        $", load generator {(Process.GetCurrentProcess().TotalProcessorTime - selfBefore).TotalMicroseconds / sorted.Length:F0} us" +
        (sendLags.IsEmpty ? "" : $"; generator's own send lag p50/p99 {Lag(0.5):F2}/{Lag(0.99):F2} ms"));
double Lag(double q) { var l = sendLags.OrderBy(x => x).ToArray(); return l[Math.Min(l.Length - 1, (int)(q * l.Length))]; }
Console.WriteLine($"  generator GCs gen0/1/2: {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}, paused {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalMilliseconds:F0} ms");
foreach (var c in conversations) c.Dispose();

static Dictionary<string, string> Args(string[] args)
{
    var result = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2) result[args[i].TrimStart('-')] = args[i + 1];
    return result;
}

/// <summary>One citizen's chat: its token, its open stream, and the reply it is waiting for.</summary>
sealed class Conversation : IDisposable
{
    // Menu hops (into the documents list and back) and a question answered from the FAQs.
    private static readonly string[] Script = ["1", "0", "what should I bring to collect my document?", "3", "0"];
    // The generator shares the machine with the host: it does as little as it can per message
    // (bodies serialised once; replies recognised by bytes, not parsed).
    private static readonly ConcurrentDictionary<string, byte[]> Bodies = new();
    private readonly HttpClient _http;
    private readonly ClientWebSocket _socket = new();
    private string _id = "", _token = "";
    private int _step;
    private TaskCompletionSource? _pending;

    private Conversation(HttpClient http) => _http = http;

    private sealed record Started(string ConversationId, string Token, string StreamUrl);

    public static async Task<Conversation> StartAsync(HttpClient http, int index)
    {
        var conversation = new Conversation(http);
        var response = await http.PostAsync("/v3/directline/conversations", null);
        response.EnsureSuccessStatusCode();
        var started = (await response.Content.ReadFromJsonAsync<Started>())!;
        (conversation._id, conversation._token) = (started.ConversationId, started.Token);
        await conversation._socket.ConnectAsync(new Uri(started.StreamUrl), CancellationToken.None);
        _ = conversation.ReceiveAsync();
        return conversation;
    }

    public string NextText() => Script[_step++ % Script.Length];

    /// <summary>Posts a message; true when the bot's reply came back on the stream within 10 s.</summary>
    public async Task<bool> SayAsync(string text)
    {
        var pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = pending;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{_id}/activities")
        {
            Content = new ByteArrayContent(Bodies.GetOrAdd(text, t => JsonSerializer.SerializeToUtf8Bytes(new { type = "message", from = new { id = "citizen" }, text = t })))
            { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Authorization = new("Bearer", _token);
        try
        {
            using var response = await _http.SendAsync(request);
            if (!response.IsSuccessStatusCode) return false;
            await pending.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException) { return false; }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var length = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None) is var r
                        ? new WebSocketReceiveResult(r.Count, r.MessageType, r.EndOfMessage) : null!;
                    length += result.Count;
                } while (!result.EndOfMessage && length < buffer.Length);
                if (result.MessageType == WebSocketMessageType.Close) break;
                if (length == 0) continue; // keep-alive
                // The bot's answer is the activity with a replyToId from role "bot" (the host writes compact JSON).
                var frame = buffer.AsSpan(0, length);
                if (frame.IndexOf("\"replyToId\""u8) >= 0 && frame.IndexOf("\"role\":\"bot\""u8) >= 0) _pending?.TrySetResult();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
    }

    public void Dispose() => _socket.Dispose();
}
