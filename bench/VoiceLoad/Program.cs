// Voice webhook load generator (bench/README.md): many concurrent calls, each a whole scripted call
// through the IVR (welcome → English → document status → national ID → the number with # → confirm →
// hang-up notification), over keep-alive connections. Loopback only.
//   --provider africastalking|twilio  (Twilio requests are signed with --token, as Twilio signs them)
//   --calls 200 --think-ms 500: concurrent calls, and the pause between a caller's key presses
//   --seconds 20
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

var options = Args(args);
var url = options.GetValueOrDefault("url") ?? "http://127.0.0.1:5000";
var provider = options.GetValueOrDefault("provider") ?? "africastalking";
var calls = int.Parse(options.GetValueOrDefault("calls") ?? "200");
var thinkMs = int.Parse(options.GetValueOrDefault("think-ms") ?? "500");
var seconds = double.Parse(options.GetValueOrDefault("seconds") ?? "20");
var secret = options.GetValueOrDefault("secret") ?? "";
var token = options.GetValueOrDefault("token") ?? "";
var account = options.GetValueOrDefault("account") ?? "AC00000000000000000000000000000001";
var publicBase = options.GetValueOrDefault("public") ?? url;

var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = calls, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{ BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
string[] keys = ["", "1", "1", "1", "12345678", "1"]; // the first step is the call arriving
var latencies = new ConcurrentBag<double>();
var errors = 0;
var callsDone = 0;
var stop = Stopwatch.StartNew();

await Task.WhenAll(Enumerable.Range(0, calls).Select(async worker =>
{
    var random = new Random(worker);
    await Task.Delay(random.Next(0, Math.Max(1, thinkMs))); // spread the starts
    for (var n = 0; stop.Elapsed.TotalSeconds < seconds; n++)
    {
        var id = $"bench-{worker}-{n}-{Guid.NewGuid():N}";
        var phone = $"+2547{20_000_000 + worker * 1000 + n % 1000}";
        foreach (var step in keys)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await SendAsync(id, phone, step, active: true);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            if (thinkMs > 0) await Task.Delay(thinkMs);
        }
        using (await SendAsync(id, phone, "", active: false)) { }
        Interlocked.Increment(ref callsDone);
    }
}));

var sorted = latencies.OrderBy(x => x).ToList();
double P(double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
Console.WriteLine($"provider={provider} calls={calls} think_ms={thinkMs} seconds={stop.Elapsed.TotalSeconds:F1} answers={sorted.Count} " +
                  $"answers_per_s={sorted.Count / stop.Elapsed.TotalSeconds:F0} calls_completed={callsDone} errors={errors} " +
                  $"p50_ms={P(0.5):F2} p99_ms={P(0.99):F2} max_ms={sorted[^1]:F2}");
return errors == 0 ? 0 : 1;

Task<HttpResponseMessage> SendAsync(string id, string phone, string step, bool active)
{
    if (provider == "twilio")
    {
        var path = active ? (step.Length == 0 && id.Length > 0 ? "/voice/twilio" : "/voice/twilio/gather") : "/voice/twilio/status";
        var form = new Dictionary<string, string>
        {
            ["CallSid"] = id, ["AccountSid"] = account, ["From"] = phone, ["To"] = "+254700001919", ["Direction"] = "inbound",
            ["CallStatus"] = active ? "in-progress" : "completed", ["ApiVersion"] = "2010-04-01",
        };
        if (step.Length > 0) { form["Digits"] = step; path = "/voice/twilio/gather"; }
        if (!active) form["CallDuration"] = "30";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (token.Length > 0) request.Headers.Add("X-Twilio-Signature", Sign(publicBase + path, form));
        return http.SendAsync(request);
    }
    var fields = new Dictionary<string, string>
    {
        ["sessionId"] = id, ["isActive"] = active ? "1" : "0", ["callerNumber"] = phone, ["direction"] = "Inbound", ["destinationNumber"] = "+254711082919",
    };
    if (step.Length > 0) fields["dtmfDigits"] = step;
    if (!active) { fields["durationInSeconds"] = "30"; fields["hangupCause"] = "NORMAL_CLEARING"; }
    return http.PostAsync("/voice/africastalking" + (secret.Length > 0 ? $"?token={secret}" : ""), new FormUrlEncodedContent(fields));
}

string Sign(string signedUrl, Dictionary<string, string> form)
{
    var data = new StringBuilder(signedUrl);
    foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal)) data.Append(name).Append(value);
    return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
}

static Dictionary<string, string> Args(string[] args)
{
    var map = new Dictionary<string, string>();
    for (var i = 0; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
    return map;
}
