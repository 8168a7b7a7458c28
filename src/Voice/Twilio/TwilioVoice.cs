using Huduma.Contact.Core;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Forms;
using Huduma.Contact.Core.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using global::Twilio.TwiML;
using global::Twilio.TwiML.Voice;
using Language = Huduma.Contact.Core.Content.Language;
using TwilioMethod = global::Twilio.Http.HttpMethod;

namespace Huduma.Contact.Voice.Twilio;

/// <summary>
/// Twilio Voice, receive and answer together: POST /voice/twilio (a call arrives), /voice/twilio/gather
/// (the keys pressed, or ?silence=1 when none came before the timeout) and /voice/twilio/status (the call's
/// end). Every request's X-Twilio-Signature is verified by the host before it gets here; answers are TwiML written by the library's
/// VoiceResponse: &lt;Gather&gt; around &lt;Say&gt;, &lt;Enqueue&gt; into the agents' queue, &lt;Hangup&gt;.
/// </summary>
public static class TwilioVoice
{
    public const string Provider = Providers.Twilio;
    private const string GatherPath = "/voice/twilio/gather";

    public static RouteGroupBuilder MapTwilioVoice(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/voice/twilio").DisableAntiforgery();
        group.MapPost("", Answer);
        group.MapPost("/gather", Answer);
        group.MapPost("/status", Status);
        return group;
    }

    internal static async Task<IResult> Answer(HttpRequest http, VoiceDialog dialog, VoiceOptions voice, VoiceAudio audio, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(TwilioVoice));
        var (form, error) = ProviderForm.Decode<TwilioCallForm>(await http.ReadFormAsync(ct));
        if (form is null) return Results.Text(error!, statusCode: 400);
        // A withheld number ("anonymous") is no number: the dialog then treats the caller as unverified.
        var (callSid, caller) = (form.CallSid, form.From);
        var keys = http.Query.ContainsKey("silence") ? null : form.Digits;

        VoiceAnswer answer;
        try { answer = await dialog.AnswerAsync(Provider, callSid, caller, keys, canTransfer: true, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Twilio call {Call} from {Phone} failed", callSid, Mask.Phone(caller));
            answer = dialog.Unavailable();
        }
        return Results.Content(Render(answer, voice, audio).ToString(), "application/xml");
    }

    internal static async Task<IResult> Status(HttpRequest http, VoiceCallLog log, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(TwilioVoice));
        var (form, error) = ProviderForm.Decode<TwilioCallStatusForm>(await http.ReadFormAsync(ct));
        if (form is null) return Results.Text(error!, statusCode: 400);
        var callSid = form.CallSid;
        var ended = await log.RecordAsync(Provider, callSid, form.From, form.CallStatus, form.CallDuration, ct);
        logger.LogInformation("Twilio call {Call} from {Phone} ended: {Status} after {Seconds} s", callSid, ended.Phone, ended.Status, ended.DurationSeconds);
        return Results.Ok();
    }

    public static VoiceResponse Render(VoiceAnswer answer, VoiceOptions options, VoiceAudio audio)
    {
        var response = new VoiceResponse();
        // A sentence with a recording is played; any other is spoken by Twilio's text-to-speech.
        var say = answer.Speech.Select(text => audio.UrlFor(answer.Language, text) is { } url
            ? (TwiML)new Play(new Uri(url, UriKind.Relative))
            : SayIn(text, answer.Language, options)).ToList();
        switch (answer.Next)
        {
            case VoiceNext.Gather:
                var gather = new Gather(input: [Gather.InputEnum.Dtmf], action: new Uri(GatherPath, UriKind.Relative), method: TwilioMethod.Post,
                    timeout: answer.TimeoutSeconds, numDigits: answer.EndsWithHash ? null : answer.MaxDigits,
                    finishOnKey: answer.EndsWithHash ? "#" : "");
                foreach (var s in say) gather.Append(s);
                response.Append(gather);
                // No key before the timeout: Twilio carries on to the next verb, which says so.
                response.Redirect(new Uri(GatherPath + "?silence=1", UriKind.Relative), TwilioMethod.Post);
                break;
            case VoiceNext.Transfer:
                foreach (var s in say) response.Append(s);
                response.Enqueue(options.TwilioQueue,
                    waitUrl: string.IsNullOrEmpty(options.TwilioWaitUrl) ? null : new Uri(options.TwilioWaitUrl, UriKind.RelativeOrAbsolute));
                break;
            default:
                foreach (var s in say) response.Append(s);
                response.Hangup();
                break;
        }
        return response;
    }

    private static Say SayIn(string text, Language language, VoiceOptions options)
    {
        var voice = language == Language.Sw ? options.TwilioVoiceSw : options.TwilioVoiceEn;
        var code = language == Language.Sw ? options.TwilioLanguageSw : options.TwilioLanguageEn;
        // A null voice must be left out, not converted: the library would write voice="" and fail.
        return string.IsNullOrEmpty(voice) ? new Say(text, language: code) : new Say(text, voice: voice, language: code);
    }
}
