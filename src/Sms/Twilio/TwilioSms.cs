using Huduma.Contact.Core;
using Huduma.Contact.Core.Forms;
using Huduma.Contact.Core.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using global::Twilio.TwiML;

namespace Huduma.Contact.Sms.Twilio;

/// <summary>
/// Twilio SMS, receive side: POST /sms/twilio/inbound, answered with TwiML written by the library's
/// MessagingResponse, and POST /sms/twilio/status with the status of a message sent. Each request's
/// X-Twilio-Signature is verified by the host (Security/TwilioSignatureFilter) before it gets here; its form is
/// read into a declared type (<see cref="TwilioInboundForm"/>, <see cref="TwilioStatusForm"/>) by Core's ProviderForm.
/// </summary>
public static class TwilioSms
{
    public const string Provider = Providers.Twilio;

    public static RouteGroupBuilder MapTwilioSms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sms/twilio").DisableAntiforgery();
        group.MapPost("/inbound", ReceiveInbound);
        group.MapPost("/status", ReceiveStatus);
        return group;
    }

    internal static async Task<IResult> ReceiveInbound(HttpRequest http, SmsInbox inbox, CancellationToken ct)
    {
        if (!http.HasFormContentType) return Results.Text("expected an application/x-www-form-urlencoded body", statusCode: 400);
        var (form, error) = ProviderForm.Decode<TwilioInboundForm>(await http.ReadFormAsync(ct));
        if (form is null) return Results.Text(error!, statusCode: 400);

        var received = await inbox.ReceiveAsync(new InboundSms(Provider, form.MessageSid, form.From, form.Body), replyInline: true, ct);
        if (received.Receipt == SmsReceipt.BeingHandled) return BeingHandledAnswer.For(http.HttpContext.Response, inbox);
        var twiml = new MessagingResponse();
        if (received.Reply is { } reply) twiml.Message(reply.Text);
        return Results.Content(twiml.ToString(), "application/xml");
    }

    internal static async Task<IResult> ReceiveStatus(HttpRequest http, SmsOutbox outbox, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(TwilioSms));
        if (!http.HasFormContentType) return Results.Text("expected an application/x-www-form-urlencoded body", statusCode: 400);
        var (form, error) = ProviderForm.Decode<TwilioStatusForm>(await http.ReadFormAsync(ct));
        if (form is null) return Results.Text(error!, statusCode: 400);
        var status = TwilioSmsProvider.MapStatus(form.MessageStatus);
        if (status is null) return Results.Text($"unknown MessageStatus '{form.MessageStatus}'", statusCode: 400);
        // "To" lets a report for a message whose sender died mid-request find it (see SmsOutbox.ReportAsync).
        if (await outbox.ReportAsync(Provider, form.MessageSid, status.Value, form.ErrorCode is { } code ? $"Twilio error {code}" : null, ct, form.To) is null)
            logger.LogWarning("Status callback for unknown Twilio message {Sid}", form.MessageSid);
        return Results.Ok();
    }
}
