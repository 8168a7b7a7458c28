using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// Direct Line 3.0 under /v3/directline, self-hosted (docs/protocols/botframework.md): tokens, conversations,
/// activities by REST with watermarks. Receive, authenticate and answer together, as courier keeps a provider.
/// </summary>
public static class DirectLineEndpoints
{
    public const string CorsPolicy = "directline";

    public sealed record Conversation(string ConversationId, string Token, int ExpiresIn, string ReferenceGrammarId = "huduma");
    public sealed record TokenResponse(string ConversationId, string Token, int ExpiresIn);
    public sealed record ResourceResponse(string Id);

    private sealed record Caller(bool IsSecret, string? ConversationId);

    public static RouteGroupBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3/directline").RequireCors(CorsPolicy).DisableAntiforgery();
        group.MapPost("/tokens/generate", Generate);
        group.MapPost("/tokens/refresh", Refresh);
        group.MapPost("/conversations", Start);
        group.MapGet("/conversations/{id}", Reconnect);
        group.MapPost("/conversations/{id}/activities", Post);
        group.MapGet("/conversations/{id}/activities", Get);
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

    private static async Task<IResult> Start(HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log, CancellationToken ct)
    {
        if (Authenticate(http, tokens, options) is not { } caller) return Forbidden("wrong or expired token or secret");
        var id = caller.ConversationId ?? NewConversationId();
        var created = await log.CreateAsync(id, ct);
        // Always a token, also for a caller with the secret: clients use it for every later call.
        var body = new Conversation(id, tokens.Issue(id), (int)options.TokenLifetime.TotalSeconds);
        return created ? Results.Created($"/v3/directline/conversations/{id}", body) : Results.Ok(body);
    }

    private static async Task<IResult> Reconnect(string id, HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log, CancellationToken ct)
    {
        if (Authenticate(http, tokens, options) is not { } caller || !MayUse(caller, id)) return Forbidden("the token is not for this conversation");
        if (!await log.ExistsAsync(id, ct)) return Results.Problem("no such conversation", statusCode: 404);
        return Results.Ok(new Conversation(id, tokens.Issue(id), (int)options.TokenLifetime.TotalSeconds));
    }

    private static async Task<IResult> Post(string id, HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log,
        ChatBot bot, TimeProvider clock, CancellationToken ct)
    {
        if (Authenticate(http, tokens, options) is not { } caller || !MayUse(caller, id)) return Forbidden("the token is not for this conversation");
        if (http.Request.ContentLength > options.MaxTextLength * 4 + 8192) return Results.Problem("the activity is too large", statusCode: 413);
        Activity? activity;
        try { activity = await http.Request.ReadFromJsonAsync<Activity>(DirectLineJson.Options, ct); }
        catch (JsonException e) { return Results.Problem($"the body is not an activity: {e.Message}", statusCode: 400); }
        catch (InvalidOperationException e) { return Results.Problem(e.Message, statusCode: 415); }
        if (activity?.Type is not { Length: > 0 }) return Results.Problem("an activity needs a type", statusCode: 400);
        if (activity.Text?.Length > options.MaxTextLength) return Results.Problem($"text longer than {options.MaxTextLength} characters", statusCode: 400);
        if (!await log.ExistsAsync(id, ct)) return Results.Problem("no such conversation", statusCode: 404);

        // The echo: Web Chat marks a message sent when it sees its own activity come back, with the server's id.
        activity.Conversation = new ConversationAccount(id);
        activity.ChannelId = "directline";
        activity.Timestamp = clock.GetUtcNow();
        activity.From = new ChannelAccount(activity.From?.Id ?? "user", activity.From?.Name, "user");
        var userActivityId = await log.AppendAsync(id, activity, ct);
        if (activity.Type == "message")
        {
            var answer = await bot.AnswerAsync(id, activity, ct);
            answer.Timestamp = clock.GetUtcNow();
            await log.AppendAsync(id, answer, ct);
        }
        return Results.Ok(new ResourceResponse(userActivityId));
    }

    private static async Task<IResult> Get(string id, HttpContext http, DirectLineTokens tokens, DirectLineOptions options, IConversationLog log,
        string? watermark, CancellationToken ct)
    {
        if (Authenticate(http, tokens, options) is not { } caller || !MayUse(caller, id)) return Forbidden("the token is not for this conversation");
        var from = int.TryParse(watermark, out var w) && w >= 0 ? w : 0;
        try { return Results.Json(await log.ReadAsync(id, from, ct), DirectLineJson.Options); }
        catch (KeyNotFoundException) { return Results.Problem("no such conversation", statusCode: 404); }
    }
}
