using Huduma.Contact.Bot.DirectLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Bot.Connector;

/// <summary>
/// The Bot Framework connector protocol: POST /api/messages with an Activity from a channel (Azure Bot
/// Service, Teams, the Emulator). Authenticate, parse, answer and post the replies to the channel's
/// serviceUrl, together, as courier keeps a provider.
/// </summary>
public static class ConnectorEndpoints
{
    public static RouteHandlerBuilder MapBotConnector(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/messages", ReceiveAsync).DisableAntiforgery()
            .AddEndpointFilter(app.ServiceProvider.GetRequiredService<StoreUnavailableFilter>());

    internal static async Task<IResult> ReceiveAsync(HttpContext http, ConnectorAuthentication auth, ConnectorChannel channel, ChatBot bot,
        IConversationLog log, DirectLineOptions limits, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var (activity, problem) = await ActivityRequest.ReadAsync(http.Request, limits, headroom: 16384, ct);
        if (problem is not null) return problem;
        if (activity!.Conversation?.Id is not { Length: > 0 } conversationId) return Results.Problem("an activity needs conversation.id", statusCode: 400);
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var service) || service.Scheme is not ("http" or "https"))
            return Results.Problem("an activity needs an absolute http(s) serviceUrl", statusCode: 400);

        // The token is checked against the activity's serviceUrl, so it is read first; nothing is stored before this.
        if (await auth.RefuseAsync(http.Request.Headers.Authorization.FirstOrDefault(), activity.ServiceUrl, ct) is { } why)
        {
            loggers.CreateLogger(typeof(ConnectorEndpoints)).LogWarning("Refused /api/messages from {Address}: {Reason}", http.Connection.RemoteIpAddress, why);
            return Results.Problem(why, statusCode: StatusCodes.Status401Unauthorized);
        }
        if (ActivityRequest.TextTooLong(activity, limits) is { } tooLong) return tooLong;
        if (activity.Type != "message") return Results.Ok(); // conversationUpdate, typing…: nothing to answer

        var localId = ConnectorChannel.LocalId(activity.ChannelId ?? "", conversationId);
        await log.CreateAsync(localId, ct);
        await channel.RememberAsync(localId, activity, ct);
        var replyToId = activity.Id;
        activity.Timestamp ??= clock.GetUtcNow();
        activity.From = new ChannelAccount(activity.From?.Id ?? "user", activity.From?.Name, "user");
        await log.AppendAsync(localId, [activity], wake: false, ct); // the transcript an agent will read
        var answers = await bot.AnswerAsync(localId, activity, ct); // also in the log: the transcript
        await channel.DeliverAsync(localId, answers, replyToId, ct);
        return Results.Ok();
    }
}
