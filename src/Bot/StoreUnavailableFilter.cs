using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Huduma.Contact.Bot;

/// <summary>
/// Redis unreachable or too slow: a clear 503 with Retry-After instead of a 500. The client still holds
/// the citizen's message (Web Chat offers to send it again; a Bot Framework channel retries), so nothing
/// is lost by refusing it now.
/// </summary>
public sealed class StoreUnavailableFilter(ILogger<StoreUnavailableFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try { return await next(context); }
        catch (Exception e) when (e is RedisException or RedisTimeoutException && !context.HttpContext.Response.HasStarted)
        {
            logger.LogError("Chat request {Path} refused: the store is unavailable ({Error})", context.HttpContext.Request.Path, e.GetType().Name);
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return Results.Problem("the chat service is busy (its store is unavailable): try again in a few seconds", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
