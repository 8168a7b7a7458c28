using Microsoft.AspNetCore.Http;

namespace Huduma.Contact.Sms;

/// <summary>
/// The answer to a provider's retry of a message another request is answering right now: not 200, which
/// would tell the provider to drop it should that request fail, but 503, so the provider tries again later.
/// </summary>
internal static class BeingHandledAnswer
{
    public static IResult For(HttpResponse response, SmsInbox inbox)
    {
        response.Headers.RetryAfter = ((int)Math.Ceiling(inbox.HandlingLease.TotalSeconds)).ToString();
        return Results.Text("this message is being answered; try again later", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
