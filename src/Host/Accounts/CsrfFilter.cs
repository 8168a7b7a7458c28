using Microsoft.AspNetCore.Antiforgery;

namespace Huduma.Contact.Host.Accounts;

/// <summary>Every change a staff page makes (anything but GET) carries the anti-forgery token in X-CSRF-TOKEN.</summary>
internal sealed class CsrfFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !await antiforgery.IsRequestValidAsync(http))
            return Results.Problem("missing or wrong anti-forgery token (X-CSRF-TOKEN)", statusCode: StatusCodes.Status400BadRequest);
        return await next(context);
    }
}
