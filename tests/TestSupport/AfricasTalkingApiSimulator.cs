using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// Africa's Talking's messaging API on loopback (POST /version1/messaging), as documented in
/// docs/protocols/africastalking.md: apiKey header and username checked (401 otherwise), 201 with
/// SMSMessageData.Recipients. Tests script what the next requests meet: "500", "timeout", or a
/// recipient status code such as "403" (InvalidPhoneNumber); also "429" (rate limited).
/// </summary>
public sealed class AfricasTalkingApiSimulator : IAsyncDisposable
{
    public const string ApiKey = "test-api-key";
    public const string Username = "sandbox";

    // AT's own property names (SMSMessageData, Recipients, statusCode), not ASP.NET's camel case.
    private static readonly System.Text.Json.JsonSerializerOptions AtJson = new();
    private readonly WebApplication _app;
    private int _count;
    // Message ids unique across simulators, as AT's are: tests that share a Redis never see one twice.
    private readonly string _instance = Guid.NewGuid().ToString("N")[..8];

    public string BaseUrl { get; }
    public int Port => new Uri(BaseUrl).Port;
    public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();
    /// <summary>The requests answered with a success (AT took the message): what a citizen would receive.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Accepted { get; } = new();
    /// <summary>Where to post a delivery report ("Success") for every message accepted, as AT does; retried until it is taken.</summary>
    public string? DeliveryReportUrl { get; set; }
    private static readonly HttpClient Reports = new() { Timeout = TimeSpan.FromSeconds(2) };
    /// <summary>Posts the delivery reports instead of a plain client (a host in the test's own process, say): then the URL may be a path.</summary>
    public HttpClient? ReportClient { get; set; }
    /// <summary>
    /// The delivery report reaches the host before the answer to the send does (it is a separate request and
    /// may win the race): the simulator answers only once the report has been taken.
    /// </summary>
    public bool ReportBeforeAnswering { get; set; }
    /// <summary>How long each request takes to answer, after it has been taken (so a client that dies meanwhile never hears).</summary>
    public TimeSpan Latency { get; set; }
    /// <summary>What the next requests meet, in order; then normal success.</summary>
    public ConcurrentQueue<string> Script { get; } = new();

    private AfricasTalkingApiSimulator(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Starts the simulator on a free port, or on <paramref name="port"/> (to bring back one that was stopped, as a provider comes back).</summary>
    public static async Task<AfricasTalkingApiSimulator> StartAsync(int? port = null)
    {
        port ??= RedisServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var simulator = new AfricasTalkingApiSimulator(app, $"http://127.0.0.1:{port}");
        app.MapPost("/version1/messaging", simulator.HandleAsync);
        await app.StartAsync();
        return simulator;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        Requests.Enqueue(form);
        if (request.Headers["apiKey"] != ApiKey || form.GetValueOrDefault("username") != Username)
            return Results.Text("The supplied authentication is invalid", statusCode: 401);

        var n = Interlocked.Increment(ref _count);
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
        var behaviour = Script.TryDequeue(out var next) ? next : "101";
        switch (behaviour)
        {
            case "500":
                return Results.Text("Internal Server Error", statusCode: 500);
            case "429":
                return Results.Text("Too Many Requests", statusCode: 429);
            case "timeout":
                await Task.Delay(TimeSpan.FromSeconds(30), request.HttpContext.RequestAborted);
                return Results.StatusCode(504);
        }
        var code = int.Parse(behaviour);
        var status = code switch { 100 => "Processed", 101 => "Success", 102 => "Queued", 403 => "InvalidPhoneNumber", 405 => "InsufficientBalance", _ => "Failed" };
        // `to` may list many recipients, comma-separated: one entry each in Recipients.
        var recipients = (form.GetValueOrDefault("to") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((number, k) => new
            {
                statusCode = code, number, status, cost = code <= 102 ? "KES 0.8000" : "0", messageId = code <= 102 ? $"ATXid_{_instance}_{n}_{k}" : "None",
            }).ToArray();
        var accepted = code <= 102 ? recipients.Length : 0;
        if (accepted > 0) Accepted.Enqueue(form);
        if (accepted > 0 && DeliveryReportUrl is { } url)
        {
            var reports = recipients.Select(r => ReportDeliveryAsync(url, r.messageId, r.number, ReportBeforeAnswering ? TimeSpan.Zero : TimeSpan.FromMilliseconds(50))).ToList();
            if (ReportBeforeAnswering) await Task.WhenAll(reports);
        }
        return Results.Json(new
        {
            SMSMessageData = new
            {
                Message = $"Sent to {accepted}/{recipients.Length} Total Cost: KES {accepted * 0.8m:F4}",
                Recipients = recipients,
            },
        }, AtJson, statusCode: 201);
    }

    private async Task ReportDeliveryAsync(string url, string id, string phone, TimeSpan after)
    {
        await Task.Delay(after);
        for (var retry = 0; retry < 120; retry++)
        {
            try
            {
                var response = await (ReportClient ?? Reports).PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["id"] = id, ["status"] = "Success", ["phoneNumber"] = phone, ["networkCode"] = "63902", ["retryCount"] = retry.ToString(),
                }));
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
