// Agent console load generator (bench/README.md): a backlog of open escalations in Redis, many agents
// signed in with the console's live feed (SignalR) open, and new escalations arriving through a real
// channel (SMS "AGENT …" to the Africa's Talking inbound callback). Times how long each new ticket takes
// to reach every agent's feed, and how long the supervisors' dashboard and the console's queue take to
// load. The agents set themselves available and accept every ticket offered to them (assignment), working
// each for --hold seconds before resolving it: times how long each offer takes from being made (its
// offeredAt, the server's clock: same machine) to reaching the chosen agent's feed. Loopback only.
//   --url U --redis HOST:PORT --admin NAME --password P   (an admin account, made with create-admin)
//   --backlog 10000 --resolved 2000 --agents 50 --rate 10 --seconds 20 --loads 100 (dashboard and queue loads timed)
//   --hold 20 (seconds an agent works an accepted ticket before resolving it)
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Huduma.Contact.Core.Escalations;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

var options = Args(args);
var url = options.GetValueOrDefault("url") ?? "http://127.0.0.1:5000";
var backlog = int.Parse(options.GetValueOrDefault("backlog") ?? "10000");
var resolvedToday = int.Parse(options.GetValueOrDefault("resolved") ?? "2000");
var agentCount = int.Parse(options.GetValueOrDefault("agents") ?? "50");
var rate = double.Parse(options.GetValueOrDefault("rate") ?? "10");
var seconds = double.Parse(options.GetValueOrDefault("seconds") ?? "20");
var loads = int.Parse(options.GetValueOrDefault("loads") ?? "100");
var hold = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("hold") ?? "20"));
var admin = options.GetValueOrDefault("admin") ?? "bench-admin";
var adminPassword = options["password"];
const string AgentPassword = "bench agent password";

// 1. The backlog: open tickets from every channel, and some resolved today (the dashboard reads both).
using (var redis = await ConnectionMultiplexer.ConnectAsync(options["redis"]))
{
    var store = new RedisEscalationStore(redis, TimeProvider.System);
    var desk = new EscalationDesk(store, TimeProvider.System);
    string[] channels = ["chat", "sms", "ussd"];
    var seeded = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, backlog + resolvedToday), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
    {
        var ticket = await store.CreateAsync(new NewEscalation(channels[i % 3], $"+2547{10_000_000 + i}", i % 2 == 0 ? "en" : "sw",
            "backlog", ["main:4"]) { Transcript = [new TranscriptLine(DateTimeOffset.UtcNow, "citizen", $"backlog question {i}")] }, ct);
        if (i < backlog) return;
        await desk.ClaimAsync(ticket.Reference, "seed-agent", ct);
        var resolved = await desk.ResolveAsync(ticket.Reference, "seed-agent", "answered", ct);
        if (i % 4 == 0) await desk.RateAsync(ticket.Reference, 1 + i % 5, ct);
    });
    Console.WriteLine($"backlog: {backlog} open and {resolvedToday} resolved tickets written in {seeded.Elapsed.TotalSeconds:F1} s");
    // What each host does as it starts: check every waiting and claimed ticket is in its channel's queue.
    var checking = Stopwatch.StartNew();
    var (added, removed) = await store.IndexQueuesAsync();
    Console.WriteLine($"index check (each host at start): {backlog} tickets in {checking.Elapsed.TotalSeconds:F1} s, {added} added, {removed} removed");
}

// 2. The agents: accounts made through the admin API, each signed in through the real form with its own cookies.
var adminClient = await SignInAsync(admin, adminPassword);
var csrf = (await adminClient.Http.GetFromJsonAsync<JsonElement>("/admin/api/csrf")).GetProperty("token").GetString()!;
for (var i = 0; i < agentCount; i++)
{
    var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/accounts") { Content = JsonContent.Create(new { name = $"agent{i:D2}", role = "agent", password = AgentPassword }) };
    request.Headers.Add("X-CSRF-TOKEN", csrf);
    (await adminClient.Http.SendAsync(request)).EnsureSuccessStatusCode();
}

var sentAt = new ConcurrentDictionary<int, long>();          // ticket number → Stopwatch timestamp of the SMS
var seen = new ConcurrentDictionary<(int Ticket, int Agent), long>();
var marker = new Regex(@"bench-(\d+)");
var hubs = new List<HubConnection>();
var consoles = new List<(HttpClient Http, string Csrf)>();
var offerDelivery = new ConcurrentBag<double>();   // offer made (server) → on the chosen agent's feed, ms
var offerFromSms = new ConcurrentBag<double>();    // a new ticket's SMS sent → offered on an agent's feed, ms
var (offersSeen, accepted, acceptRefused) = (0, 0, 0);
var working = new ConcurrentBag<Task>();
var stopping = new CancellationTokenSource();
for (var a = 0; a < agentCount; a++)
{
    var agent = a;
    var client = await SignInAsync($"agent{agent:D2}", AgentPassword);
    var consoleCsrf = (await client.Http.GetFromJsonAsync<JsonElement>("/agents/api/csrf")).GetProperty("token").GetString()!;
    consoles.Add((client.Http, consoleCsrf));
    var hub = new HubConnectionBuilder()
        .WithUrl(url + "/agents/hub", o => { o.Cookies = client.Cookies; o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
        .Build();
    hub.On<JsonElement>("ticket", view =>
    {
        var now = Stopwatch.GetTimestamp();
        if (view.GetProperty("status").GetString() != "open") return;
        foreach (var line in view.GetProperty("transcript").EnumerateArray())
            if (marker.Match(line.GetProperty("text").GetString() ?? "") is { Success: true } m)
                seen.TryAdd((int.Parse(m.Groups[1].Value), agent), now);
    });
    hub.On<JsonElement>("offer", offer =>
    {
        var now = DateTimeOffset.UtcNow;
        var stamp = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref offersSeen);
        offerDelivery.Add((now - offer.GetProperty("offeredAt").GetDateTimeOffset()).TotalMilliseconds);
        // The newest line naming a bench ticket: a phone's SMS thread may hold an earlier run's message too. One sample an offer.
        foreach (var line in offer.GetProperty("ticket").GetProperty("transcript").EnumerateArray().Reverse())
            if (marker.Match(line.GetProperty("text").GetString() ?? "") is { Success: true } m)
            {
                if (sentAt.TryGetValue(int.Parse(m.Groups[1].Value), out var sent)) offerFromSms.Add(Stopwatch.GetElapsedTime(sent, stamp).TotalMilliseconds);
                break;
            }
        if (stopping.IsCancellationRequested) return;
        var reference = offer.GetProperty("reference").GetString()!;
        working.Add(Task.Run(() => WorkAsync(client.Http, consoleCsrf, reference)));
    });
    await hub.StartAsync();
    hubs.Add(hub);
}
Console.WriteLine($"agents: {agentCount} signed in, live feeds open");
// Available only once every console is open, so the first offers are spread over all of them.
foreach (var (http, token) in consoles) (await PostAsync(http, token, "/agents/api/presence", new { status = "available" })).EnsureSuccessStatusCode();
Console.WriteLine($"agents: {agentCount} available, accepting offers and resolving each after {hold.TotalSeconds:0} s");

// 3. New escalations at a steady rate, each an SMS "AGENT …" from its own phone.
var sms = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri(url) };
var total = (int)(rate * seconds);
var answers = new ConcurrentBag<double>();
var errors = 0;
var clock = Stopwatch.StartNew();
var sends = new List<Task>();
for (var n = 0; n < total; n++)
{
    var due = TimeSpan.FromSeconds(n / rate);
    if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
    var ticket = n;
    sends.Add(Task.Run(async () =>
    {
        var start = Stopwatch.GetTimestamp();
        sentAt[ticket] = start;
        using var response = await sms.PostAsync("/sms/africastalking/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = $"+2547{30_000_000 + ticket}", ["to"] = "1919", ["text"] = $"AGENT bench-{ticket} my ID", ["date"] = "2026-11-27 10:00:00",
            ["id"] = $"ATXid_bench_{Guid.NewGuid():N}",
        }));
        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
        answers.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }));
}
await Task.WhenAll(sends);
await Task.Delay(TimeSpan.FromSeconds(3)); // stragglers
// Offers stop before the dashboard is timed: every agent away, then the tickets in hand resolved at once.
foreach (var (http, token) in consoles) (await PostAsync(http, token, "/agents/api/presence", new { status = "away" })).EnsureSuccessStatusCode();
stopping.Cancel();
await Task.WhenAll(working);

var perDelivery = seen.Select(s => Stopwatch.GetElapsedTime(sentAt[s.Key.Ticket], s.Value).TotalMilliseconds).OrderBy(x => x).ToList();
var everyScreen = seen.GroupBy(s => s.Key.Ticket)
    .Where(g => g.Count() == agentCount)
    .Select(g => Stopwatch.GetElapsedTime(sentAt[g.Key], g.Max(s => s.Value)).TotalMilliseconds).OrderBy(x => x).ToList();
var missing = total * agentCount - seen.Count;
Console.WriteLine($"new escalations: {total} at {rate}/s over {seconds} s, {agentCount} agents, backlog {backlog}; sms errors={errors}; deliveries={seen.Count} missing={missing}");
Console.WriteLine($"  SMS callback answered: {Summary(answers.OrderBy(x => x).ToList())}");
Console.WriteLine($"  one agent's feed:      {Summary(perDelivery)}");
Console.WriteLine($"  every agent's feed:    {Summary(everyScreen)}  (tickets seen by all {agentCount}: {everyScreen.Count}/{total})");
Console.WriteLine($"offers: {offersSeen} reached the chosen agent, {accepted} accepted, {acceptRefused} refused (taken or moved on first)");
Console.WriteLine($"  offer made → chosen agent's feed: {Summary(offerDelivery.OrderBy(x => x).ToList())}");
Console.WriteLine($"  new ticket's SMS → offered on a feed: {Summary(offerFromSms.OrderBy(x => x).ToList())} ({offerFromSms.Count} offers of the {total} new tickets during the run; the rest waited behind the backlog)");

// 4. Loading the supervisors' dashboard and the console's queue (as the admin, who may see both).
foreach (var (name, path) in new[] { ("dashboard", "/agents/api/dashboard"), ("queue (first 100)", "/agents/api/escalations") })
{
    var times = new List<double>();
    long bytes = 0;
    for (var i = 0; i < loads + 3; i++)
    {
        var start = Stopwatch.GetTimestamp();
        var body = await adminClient.Http.GetByteArrayAsync(path);
        if (i >= 3) times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds); // three warm-ups
        bytes = body.Length;
    }
    times.Sort();
    Console.WriteLine($"  {name} load: {Summary(times)} ({bytes / 1024} KB, {times.Count} loads)");
}
foreach (var hub in hubs) await hub.DisposeAsync();
return missing == 0 && errors == 0 ? 0 : 1;

// An agent takes what is offered, works it for the hold time, then resolves it (and so has room for the next offer).
async Task WorkAsync(HttpClient http, string token, string reference)
{
    using var accept = await PostAsync(http, token, $"/agents/api/offers/{reference}/accept", new { });
    if (!accept.IsSuccessStatusCode) { Interlocked.Increment(ref acceptRefused); return; }
    Interlocked.Increment(ref accepted);
    try { await Task.Delay(hold, stopping.Token); } catch (OperationCanceledException) { }
    using var _ = await PostAsync(http, token, $"/agents/api/escalations/{reference}/resolve", new { category = "answered" });
}

static async Task<HttpResponseMessage> PostAsync(HttpClient http, string token, string path, object body)
{
    var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
    request.Headers.Add("X-CSRF-TOKEN", token);
    return await http.SendAsync(request);
}

string Summary(List<double> sorted) => sorted.Count == 0 ? "none"
    : $"p50={sorted[sorted.Count / 2]:F1} ms p99={sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))]:F1} ms max={sorted[^1]:F1} ms";

async Task<(HttpClient Http, CookieContainer Cookies)> SignInAsync(string name, string password)
{
    var cookies = new CookieContainer();
    var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
    var page = await http.GetStringAsync("/login");
    var field = Regex.Match(page, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">");
    var response = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        [field.Groups[1].Value] = field.Groups[2].Value, ["name"] = name, ["password"] = password, ["returnUrl"] = "/agents",
    }));
    if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in of {name} failed: {(int)response.StatusCode}");
    return (http, cookies);
}

static Dictionary<string, string> Args(string[] args)
{
    var map = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
    return map;
}
