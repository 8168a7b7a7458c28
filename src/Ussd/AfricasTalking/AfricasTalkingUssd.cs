using System.Buffers;
using System.Text;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Forms;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Ussd.AfricasTalking;

/// <summary>
/// Africa's Talking USSD, receive and answer together (as courier keeps one handler per provider):
/// POST /ussd/africastalking answers `CON …` / `END …` as text/plain, and
/// POST /ussd/africastalking/events records the end-of-session notification.
/// Authentication (the deployment secret) is added by the host as an endpoint filter on the group.
/// </summary>
public static class AfricasTalkingUssd
{
    public const string EventsKey = "ussd:events";
    private const int EventsKept = 10_000;
    private const string PlainText = "text/plain; charset=utf-8";

    public static RouteGroupBuilder MapAfricasTalkingUssd(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ussd/africastalking").DisableAntiforgery();
        group.MapPost("", ReceiveHop);
        group.MapPost("/events", ReceiveSessionEnd);
        return group;
    }

    internal static async Task<IResult> ReceiveHop(HttpRequest http, UssdHopHandler handler, CancellationToken ct)
    {
        // The host's form filter has usually read the form already (checking its type and size).
        var form = http.HttpContext.Features.Get<IFormFeature>()?.Form;
        if (form is null)
        {
            if (!http.HasFormContentType)
                return Results.Text("expected an application/x-www-form-urlencoded body", PlainText, statusCode: 400);
            form = await http.ReadFormAsync(ct);
        }
        var (request, error) = ProviderForm.Decode<UssdRequest>(form);
        if (request is null) return Results.Text(error!, PlainText, statusCode: 400);

        try
        {
            return new Answer(await handler.HandleAsync(request, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The network would drop a session that gets no answer: tell the citizen, in both languages,
            // and keep the stored session as it was so nothing they did is lost.
            // (Resolved here, on the rare failure, rather than bound on every hop.)
            var services = http.HttpContext.RequestServices;
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AfricasTalkingUssd)).LogError(e,
                "USSD hop {Session} from {Phone} failed", request.SessionId, Mask.Phone(request.Msisdn));
            var sorry = services.GetRequiredService<ContentBundle>().Prompts.TryGetValue(PromptKeys.Unavailable, out var t)
                ? $"{t.En}\n{t.Sw}" : "Service unavailable.";
            return Results.Text("END " + sorry, PlainText);
        }
    }

    /// <summary>
    /// The hop's answer as Africa's Talking reads it: "CON " or "END " and the screen, as text/plain UTF-8 (the bytes
    /// of Results.Text(response.Body)), written straight into the response rather than joined into a new string
    /// on every hop first (bench/README.md, session 14).
    /// </summary>
    private sealed class Answer(UssdResponse response) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var answer = http.Response;
            answer.ContentType = PlainText;
            answer.ContentLength = 4 + Encoding.UTF8.GetByteCount(response.Screen);
            answer.BodyWriter.Write(response.Ends ? "END "u8 : "CON "u8);
            return answer.WriteAsync(response.Screen);
        }
    }

    internal static async Task<IResult> ReceiveSessionEnd(HttpRequest http, IStateStore store, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (!http.HasFormContentType)
            return Results.Text("expected an application/x-www-form-urlencoded body", PlainText, statusCode: 400);
        var (form, error) = ProviderForm.Decode<UssdSessionEndForm>(await http.ReadFormAsync(ct));
        if (form is null) return Results.Text(error!, PlainText, statusCode: 400);

        var ended = new UssdSessionEnded
        {
            SessionId = form.SessionId,
            Phone = Mask.Phone(Msisdn.Normalize(form.PhoneNumber) ?? form.PhoneNumber),
            ServiceCode = form.ServiceCode,
            NetworkCode = form.NetworkCode,
            Status = form.Status,
            DurationMs = form.DurationMs,
            Hops = form.Hops,
            Error = form.ErrorMessage,
            Date = form.Date,
            ReceivedAt = clock.GetUtcNow(),
        };
        await store.AppendAsync(EventsKey, ended, EventsKept, ct);
        loggers.CreateLogger(typeof(AfricasTalkingUssd)).LogInformation(
            "USSD session {Session} ended: {Status} after {Hops} hops, {Duration} ms {Error}",
            ended.SessionId, ended.Status, ended.Hops, ended.DurationMs, ended.Error);
        return Results.Ok();
    }
}

/// <summary>An end-of-session notification as recorded (phone masked: it is kept for reports).</summary>
internal sealed class UssdSessionEnded
{
    public string SessionId { get; set; } = "";
    public string? Phone { get; set; }
    public string? ServiceCode { get; set; }
    public string? NetworkCode { get; set; }
    public string? Status { get; set; }
    public long? DurationMs { get; set; }
    public int? Hops { get; set; }
    public string? Error { get; set; }
    public string? Date { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
