using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// Twilio's Messages API on loopback (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth
/// with the account SID and auth token, 201 with the message resource in snake_case; 400 with Twilio's
/// error object when the script says "21211", an invalid To number; "429" and "500" as Twilio sends them).
/// </summary>
public sealed class TwilioApiSimulator : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "twilio-auth-token";

    private readonly WebApplication _app;
    public string BaseUrl { get; }
    public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();
    public ConcurrentQueue<string> Script { get; } = new();
    /// <summary>The messages it took, by their sid (for a test that posts their status callbacks).</summary>
    public ConcurrentQueue<(string Sid, string To)> Created { get; } = new();

    private TwilioApiSimulator(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<TwilioApiSimulator> StartAsync()
    {
        var port = RedisServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var simulator = new TwilioApiSimulator(app, $"http://127.0.0.1:{port}");
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", simulator.HandleAsync);
        await app.StartAsync();
        return simulator;
    }

    private async Task<IResult> HandleAsync(string account, HttpRequest request)
    {
        var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        Requests.Enqueue(form);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (request.Headers.Authorization != expected || account != AccountSid)
            return Results.Json(new Dictionary<string, object> { ["code"] = 20003, ["message"] = "Authenticate", ["status"] = 401 }, statusCode: 401);
        Script.TryDequeue(out var next);
        if (next == "429")
            return Results.Json(new Dictionary<string, object> { ["code"] = 20429, ["message"] = "Too Many Requests", ["status"] = 429 }, statusCode: 429);
        if (next == "500")
            return Results.Json(new Dictionary<string, object> { ["code"] = 20500, ["message"] = "Internal Server Error", ["status"] = 500 }, statusCode: 500);
        if (next == "21211")
            return Results.Json(new Dictionary<string, object>
            {
                ["code"] = 21211, ["message"] = $"The 'To' number {form.GetValueOrDefault("To")} is not a valid phone number.",
                ["more_info"] = "https://www.twilio.com/docs/errors/21211", ["status"] = 400,
            }, statusCode: 400);

        var sid = "SM" + Guid.NewGuid().ToString("N");
        Created.Enqueue((sid, form.GetValueOrDefault("To") ?? ""));
        return Results.Json(new Dictionary<string, object?>
        {
            ["sid"] = sid, ["account_sid"] = AccountSid, ["to"] = form.GetValueOrDefault("To"), ["from"] = form.GetValueOrDefault("From"),
            ["body"] = form.GetValueOrDefault("Body"), ["status"] = "queued", ["num_segments"] = "1", ["direction"] = "outbound-api",
            ["api_version"] = "2010-04-01", ["date_created"] = DateTimeOffset.UtcNow.ToString("r"), ["error_code"] = null,
            ["error_message"] = null, ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        }, statusCode: 201);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
