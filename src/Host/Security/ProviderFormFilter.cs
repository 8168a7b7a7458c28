using Microsoft.AspNetCore.Http.Features;

namespace Huduma.Contact.Host.Security;

/// <summary>
/// Every provider callback is a small form. This filter turns anything else into a clear 4xx before a
/// channel sees it — too large (413), not a form (415), an unreadable body (400) — so junk never
/// reaches a store and never becomes a 500.
/// </summary>
internal sealed class ProviderFormFilter(ILogger<ProviderFormFilter> logger) : IEndpointFilter
{
    /// <summary>Africa's Talking's and Twilio's largest callbacks (a 10-part SMS, encoded) fit well inside.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    private static readonly FormOptions FormLimits = new() { ValueLengthLimit = MaxBodyBytes, KeyLengthLimit = 256 };

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.ContentLength > MaxBodyBytes)
            return Refuse(request, StatusCodes.Status413PayloadTooLarge, $"body is larger than {MaxBodyBytes} bytes");
        // One form reader, within the limit, both checks the type and reads; set as the request's, so the
        // channel's own ReadFormAsync gets the cached form. (request.HasFormContentType would make a reader
        // of its own, and parse the content type once more, on every callback.)
        var form = new FormFeature(request, FormLimits);
        if (!form.HasFormContentType)
            return Refuse(request, StatusCodes.Status415UnsupportedMediaType, "expected an application/x-www-form-urlencoded body");
        context.HttpContext.Features.Set<IFormFeature>(form);
        // A small callback's body has usually arrived whole, so the read completes at once and the request
        // goes straight on without a state machine here.
        Task<IFormCollection> reading;
        try
        {
            reading = form.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return RefuseUnreadable(request, e);
        }
        return reading.IsCompletedSuccessfully ? next(context) : ReadThenInvokeAsync(reading, context, next);
    }

    private async ValueTask<object?> ReadThenInvokeAsync(Task<IFormCollection> reading, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            await reading;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return await RefuseUnreadable(context.HttpContext.Request, e);
        }
        return await next(context);
    }

    private static bool IsUnreadable(Exception e) => e is InvalidDataException or BadHttpRequestException or IOException or FormatException;

    private ValueTask<object?> RefuseUnreadable(HttpRequest request, Exception e) =>
        Refuse(request, StatusCodes.Status400BadRequest, $"the body is not a readable form ({e.GetType().Name})");

    private ValueTask<object?> Refuse(HttpRequest request, int status, string reason)
    {
        logger.LogWarning("Refused provider callback to {Path}: {Reason}", request.Path, reason);
        return ValueTask.FromResult<object?>(Results.Text(reason, "text/plain", statusCode: status));
    }
}
