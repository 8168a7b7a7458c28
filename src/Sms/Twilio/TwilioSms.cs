using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using global::Twilio.TwiML;

namespace Huduma.Contact.Sms.Twilio;

/// <summary>
/// Twilio SMS, receive side: POST /sms/twilio/inbound, verified by X-Twilio-Signature (Twilio's own
/// RequestValidator) over the URL Twilio called — rebuilt from PublicBaseUrl behind a proxy — and
/// answered with TwiML written by the library's MessagingResponse. The token is the one of the
/// AccountSid in the request, never looked up through the number: numbers in a Messaging Service
/// pool arrive with another To, and a refused valid webhook is a lost message.
/// </summary>
public static class TwilioSms
{
    public const string Provider = "twilio";

    public static RouteGroupBuilder MapTwilioSms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sms/twilio").DisableAntiforgery();
        group.MapPost("/inbound", ReceiveInbound);
        group.MapPost("/status", ReceiveStatus);
        return group;
    }

    private static async Task<IResult> ReceiveInbound(HttpRequest http, SmsInbox inbox, CancellationToken ct)
    {
        if (!http.HasFormContentType) return Results.Text("expected an application/x-www-form-urlencoded body", statusCode: 400);
        var form = await http.ReadFormAsync(ct);
        var sid = form["MessageSid"].ToString();
        var from = Msisdn.Normalize(form["From"].ToString());
        if (sid.Length == 0) return Results.Text("missing field(s): MessageSid", statusCode: 400);
        if (from is null) return Results.Text("From is not a valid phone number", statusCode: 400);

        var received = await inbox.ReceiveAsync(new InboundSms(Provider, sid, from, form["Body"].ToString()), replyInline: true, ct);
        if (received.Receipt == SmsReceipt.BeingHandled) return BeingHandledAnswer.For(http.HttpContext.Response, inbox);
        var twiml = new MessagingResponse();
        if (received.Reply is { } reply) twiml.Message(reply.Text);
        return Results.Content(twiml.ToString(), "application/xml");
    }

    private static async Task<IResult> ReceiveStatus(HttpRequest http, SmsOutbox outbox, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(TwilioSms));
        if (!http.HasFormContentType) return Results.Text("expected an application/x-www-form-urlencoded body", statusCode: 400);
        var form = await http.ReadFormAsync(ct);

        var sid = form["MessageSid"].ToString();
        if (sid.Length == 0) return Results.Text("missing field(s): MessageSid", statusCode: 400);
        var status = TwilioSmsProvider.MapStatus(form["MessageStatus"].ToString());
        if (status is null) return Results.Text($"unknown MessageStatus '{form["MessageStatus"]}'", statusCode: 400);
        var error = form["ErrorCode"].ToString();
        // "To" lets a report for a message whose sender died mid-request find it (see SmsOutbox.ReportAsync).
        var to = Core.Privacy.Msisdn.Normalize(form["To"].ToString());
        if (await outbox.ReportAsync(Provider, sid, status.Value, error.Length > 0 ? $"Twilio error {error}" : null, ct, to) is null)
            logger.LogWarning("Status callback for unknown Twilio message {Sid}", sid);
        return Results.Ok();
    }
}
