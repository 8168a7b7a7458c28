using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
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
    public const string Provider = "africastalking";
    private const string PlainText = "text/plain; charset=utf-8";

    public static RouteGroupBuilder MapAfricasTalkingSms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sms/africastalking").DisableAntiforgery();
        group.MapPost("/inbound", ReceiveInbound);
        group.MapPost("/delivery", ReceiveDeliveryReport);
        return group;
    }

    private static async Task<IResult> ReceiveInbound(HttpRequest http, SmsInbox inbox, CancellationToken ct)
    {
        if (!http.HasFormContentType)
            return Results.Text("expected an application/x-www-form-urlencoded body", PlainText, statusCode: 400);
        var form = await http.ReadFormAsync(ct);
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;

        var missing = new[] { "from", "id" }.Where(f => string.IsNullOrWhiteSpace(Field(f))).ToList();
        if (missing.Count > 0) return Results.Text($"missing field(s): {string.Join(", ", missing)}", PlainText, statusCode: 400);
        var from = Msisdn.Normalize(Field("from"));
        if (from is null) return Results.Text("from is not a valid phone number", PlainText, statusCode: 400);

        var received = await inbox.ReceiveAsync(new InboundSms(Provider, Field("id")!, from, Field("text") ?? ""), ct: ct);
        return received.Receipt == SmsReceipt.BeingHandled ? BeingHandledAnswer.For(http.HttpContext.Response, inbox) : Results.Ok();
    }

    private static async Task<IResult> ReceiveDeliveryReport(HttpRequest http, SmsOutbox outbox, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!http.HasFormContentType)
            return Results.Text("expected an application/x-www-form-urlencoded body", PlainText, statusCode: 400);
        var form = await http.ReadFormAsync(ct);
        var id = form["id"].ToString();
        if (id.Length == 0) return Results.Text("missing field(s): id", PlainText, statusCode: 400);
        var status = AfricasTalkingSmsProvider.MapDeliveryStatus(form["status"].ToString());
        if (status is null) return Results.Text($"unknown status '{form["status"]}'", PlainText, statusCode: 400);

        var failure = form["failureReason"].ToString();
        var phone = Core.Privacy.Msisdn.Normalize(form["phoneNumber"].ToString());
        var updated = await outbox.ReportAsync(Provider, id, status.Value, failure.Length > 0 ? failure : null, ct, phone);
        // Not ours (or long gone): say so in the log, but 200, or AT would keep retrying it.
        if (updated is null) loggers.CreateLogger(typeof(AfricasTalkingSms)).LogWarning("Delivery report for unknown AT message {Id}", id);
        return Results.Ok();
    }
}
