using Huduma.Contact.Core;
using Huduma.Contact.Core.Forms;
using Huduma.Contact.Core.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Huduma.Contact.Sms.AfricasTalking;

/// <summary>
/// Africa's Talking SMS callbacks: POST /sms/africastalking/inbound with the incoming-message form
/// (from, to, text, date, id, linkId, networkCode) — replies are queued (<see cref="SmsQueueDrain"/> sends
/// them), not put in the HTTP answer, which is a quick 200 whatever the provider is doing — and POST /sms/africastalking/delivery with delivery reports
/// (id, status, phoneNumber, networkCode, failureReason, retryCount). The sender is
/// <see cref="AfricasTalkingSmsProvider"/>. Authentication (the deployment secret) is the host's endpoint filter.
/// </summary>
public static class AfricasTalkingSms
{
    public const string Provider = Providers.AfricasTalking;
    private const string PlainText = "text/plain; charset=utf-8";

    public static RouteGroupBuilder MapAfricasTalkingSms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sms/africastalking").DisableAntiforgery();
        group.MapPost("/inbound", ReceiveInbound);
        group.MapPost("/delivery", ReceiveDeliveryReport);
        return group;
    }

    internal static async Task<IResult> ReceiveInbound(HttpRequest http, SmsInbox inbox, CancellationToken ct)
    {
        if (!http.HasFormContentType)
            return Results.Text("expected an application/x-www-form-urlencoded body", PlainText, statusCode: 400);
        var (form, error) = ProviderForm.Decode<AfricasTalkingInboundForm>(await http.ReadFormAsync(ct));
        if (form is null) return Results.Text(error!, PlainText, statusCode: 400);

        var received = await inbox.ReceiveAsync(new InboundSms(Provider, form.Id, form.From, form.Text), ct: ct);
        return received.Receipt == SmsReceipt.BeingHandled ? BeingHandledAnswer.For(http.HttpContext.Response, inbox) : Results.Ok();
    }

    internal static async Task<IResult> ReceiveDeliveryReport(HttpRequest http, SmsOutbox outbox, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!http.HasFormContentType)
            return Results.Text("expected an application/x-www-form-urlencoded body", PlainText, statusCode: 400);
        var (form, error) = ProviderForm.Decode<AfricasTalkingDeliveryReportForm>(await http.ReadFormAsync(ct));
        if (form is null) return Results.Text(error!, PlainText, statusCode: 400);
        var status = AfricasTalkingSmsProvider.MapDeliveryStatus(form.Status);
        if (status is null) return Results.Text($"unknown status '{form.Status}'", PlainText, statusCode: 400);

        var updated = await outbox.ReportAsync(Provider, form.Id, status.Value, form.FailureReason, ct, form.PhoneNumber);
        // Not ours (or long gone): say so in the log, but 200, or AT would keep retrying it.
        if (updated is null) loggers.CreateLogger(typeof(AfricasTalkingSms)).LogWarning("Delivery report for unknown AT message {Id}", form.Id);
        return Results.Ok();
    }
}
