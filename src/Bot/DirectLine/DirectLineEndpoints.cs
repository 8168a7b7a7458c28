using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using Huduma.Contact.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// Direct Line 3.0 under /v3/directline, self-hosted (docs/protocols/botframework.md): tokens, conversations,
/// activities by REST with watermarks. Receive, authenticate and answer together, as courier keeps a provider.
/// </summary>
public static class DirectLineEndpoints
{
    public const string CorsPolicy = "directline";

    /// <summary>
    /// What starting (or reconnecting to) a conversation answers. <paramref name="MaxTextLength"/> is ours, beyond
    /// the protocol (other clients ignore it): our widget limits its input to it rather than have messages refused.
    /// </summary>
    public sealed record Conversation(string ConversationId, string Token, int ExpiresIn, string StreamUrl, int MaxTextLength, string ReferenceGrammarId = "huduma");

    /// <summary>Keep-alive frames are empty strings (a JSON object without activities breaks the client's stream).</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    public sealed record TokenResponse(string ConversationId, string Token, int ExpiresIn);
    public sealed record ResourceResponse(string Id);

    private sealed record Caller(bool IsSecret, string? ConversationId);

    public static RouteGroupBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3/directline").RequireCors(CorsPolicy).DisableAntiforgery()
            .AddEndpointFilter(app.ServiceProvider.GetRequiredService<StoreUnavailableFilter>());
        group.MapPost("/tokens/generate", Generate);
        group.MapPost("/tokens/refresh", Refresh);
        group.MapPost("/conversations", Start);
        group.MapGet("/conversations/{id}", Reconnect);
        group.MapPost("/conversations/{id}/activities", Post);
        group.MapGet("/conversations/{id}/activities", Get);
        group.Map("/conversations/{id}/stream", StreamAsync);
        return group;
    }

    /// <summary>The secret, a token (naming its conversation), anonymous in open mode — or null: 403.</summary>
    private static Caller? Authenticate(HttpContext http, DirectLineTokens tokens, DirectLineOptions options)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0) return options.IsOpen ? new Caller(true, null) : null;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var credential = header["Bearer ".Length..].Trim();
        if (tokens.IsSecret(credential)) return new Caller(true, null);
        return tokens.Validate(credential) is { } conversation ? new Caller(false, conversation) : null;
    }

    private static IResult Forbidden(string why) => Results.Problem(why, statusCode: StatusCodes.Status403Forbidden);

    private static bool MayUse(Caller caller, string conversationId) => caller.IsSecret || caller.ConversationId == conversationId;

    private static string NewConversationId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    private static IResult Generate(HttpContext http, DirectLineTokens tokens, DirectLineOptions options)
    {
        if (Authenticate(http, tokens, options) is not { IsSecret: true }) return Forbidden("tokens are generated with the Direct Line secret");
        var id = NewConversationId();
        return Results.Ok(new TokenResponse(id, tokens.Issue(id), (int)options.TokenLifetime.TotalSeconds));
    }

    private static IResult Refresh(HttpContext http, DirectLineTokens tokens, DirectLineOptions options)
    {
        if (Authenticate(http, tokens, options) is not { ConversationId: { } id }) return Forbidden("refresh needs a valid token");
        return Results.Ok(new TokenResponse(id, tokens.Issue(id), (int)options.TokenLifetime.TotalSeconds));
    }

    internal static async Task<IResult> Start(HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log, CancellationToken ct)
    {
        if (Authenticate(http, tokens, options) is not { } caller) return Forbidden("wrong or expired token or secret");
        var id = caller.ConversationId ?? NewConversationId();
        var created = await log.CreateAsync(id, ct);
        // Always a token, also for a caller with the secret: clients use it for every later call.
        var body = Describe(http, tokens, options, id, null);
        return created ? Results.Created($"/v3/directline/conversations/{id}", body) : Results.Ok(body);
    }

    private static async Task<IResult> Reconnect(string id, HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log, CancellationToken ct)
    {
        if (Authenticate(http, tokens, options) is not { } caller || !MayUse(caller, id)) return Forbidden("the token is not for this conversation");
        if (!await log.ExistsAsync(id, ct)) return Results.Problem("no such conversation", statusCode: 404);
        return Results.Ok(Describe(http, tokens, options, id, http.Request.Query["watermark"].ToString()));
    }

    /// <summary>The conversation with a fresh token and an absolute ws:// stream URL carrying it (the client opens it as given).</summary>
    private static Conversation Describe(HttpContext http, DirectLineTokens tokens, DirectLineOptions options, string id, string? watermark)
    {
        var token = tokens.Issue(id);
        var scheme = http.Request.IsHttps ? "wss" : "ws";
        var stream = $"{scheme}://{http.Request.Host}{http.Request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(id)}/stream?t={Uri.EscapeDataString(token)}"
                     + (string.IsNullOrEmpty(watermark) ? "" : $"&watermark={Uri.EscapeDataString(watermark)}");
        return new Conversation(id, token, (int)options.TokenLifetime.TotalSeconds, stream, options.MaxTextLength);
    }

    internal static async Task<IResult> Post(string id, HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log,
        ChatBot bot, TimeProvider clock, CancellationToken ct)
    {
        if (Authenticate(http, tokens, options) is not { } caller || !MayUse(caller, id)) return Forbidden("the token is not for this conversation");
        var (activity, problem) = await ActivityRequest.ReadAsync(http.Request, options, headroom: 8192, ct);
        if (problem is not null || (problem = ActivityRequest.TextTooLong(activity!, options)) is not null) return problem;

        // The echo: Web Chat marks a message sent when it sees its own activity come back, with the server's id.
        activity!.Conversation = new ConversationAccount(id);
        activity.ChannelId = Providers.DirectLine;
        activity.Timestamp = clock.GetUtcNow();
        activity.From = new ChannelAccount(activity.From?.Id ?? "user", activity.From?.Name, "user");
        string userActivityId;
        // Not woken yet: the streams read the echo and the answers together, in one set.
        try { userActivityId = (await log.AppendAsync(id, [activity], wake: false, ct))[0]; }
        catch (KeyNotFoundException) { return Results.Problem("no such conversation", statusCode: 404); }
        try
        {
            // The bot appends its answers and wakes the streams: they send the echo and the answers in one set.
            if (activity.Type == "message") await bot.AnswerAsync(id, activity, ct);
            else await log.AppendAsync(id, [], wake: true, ct);
        }
        catch
        {
            await log.AppendAsync(id, [], wake: true, CancellationToken.None); // the echo, at least
            throw;
        }
        return Results.Ok(new ResourceResponse(userActivityId));
    }

    internal static async Task<IResult> Get(string id, HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log,
        string? watermark, CancellationToken ct)
    {
        if (Authenticate(http, tokens, options) is not { } caller || !MayUse(caller, id)) return Forbidden("the token is not for this conversation");
        var from = int.TryParse(watermark, out var w) && w >= 0 ? w : 0;
        try { return Results.Bytes((await log.ReadRawAsync(id, from, ct)).ToUtf8Json(), "application/json"); }
        catch (KeyNotFoundException) { return Results.Problem("no such conversation", statusCode: 404); }
    }

    /// <summary>
    /// The WebSocket stream: ActivitySets pushed as activities arrive (after the watermark the client gave),
    /// empty keep-alive frames in between. The token comes in the URL (?t=), as the client opens it as given.
    /// Whatever the client sends (its own keep-alives) is read and ignored.
    /// </summary>
    private static async Task StreamAsync(string id, HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log,
        ConversationSignals signals)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("expected a WebSocket request");
            return;
        }
        var credential = http.Request.Query["t"].ToString();
        var allowed = (credential.Length == 0 && options.IsOpen) || tokens.IsSecret(credential) || tokens.Validate(credential) == id;
        if (!allowed || !await log.ExistsAsync(id, http.RequestAborted))
        {
            http.Response.StatusCode = allowed ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                    if ((await socket.ReceiveAsync(buffer, closed.Token)).MessageType == WebSocketMessageType.Close) break;
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
            closed.Cancel();
        });

        var watermark = int.TryParse(http.Request.Query["watermark"], out var w) && w >= 0 ? w : 0;
        var quiet = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (!closed.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                // Wait registered before reading, so an activity appended in between is not missed.
                var next = signals.WaitAsync(id, KeepAlive, closed.Token);
                var set = await log.ReadRawAsync(id, watermark, closed.Token);
                watermark = set.Watermark;
                if (set.Activities.Count > 0)
                {
                    await socket.SendAsync(set.ToUtf8Json(), WebSocketMessageType.Text, true, closed.Token);
                    quiet.Restart();
                }
                else if (quiet.Elapsed >= KeepAlive)
                {
                    await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, closed.Token);
                    quiet.Restart();
                }
                await next;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or KeyNotFoundException) { }
        // Answer the client's close (or close first when the host is stopping).
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None); }
            catch (WebSocketException) { }
        }
        await reader;
    }
}
