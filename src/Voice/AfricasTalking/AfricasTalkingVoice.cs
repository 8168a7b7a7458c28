using System.Xml.Linq;
using Huduma.Contact.Core;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Forms;
using Huduma.Contact.Core.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Voice.AfricasTalking;

/// <summary>
/// Africa's Talking Voice, receive and answer together: POST /voice/africastalking gets every callback of
/// a call — the first (no digits), each &lt;GetDigits&gt; result (dtmfDigits), and the final notification
/// after hang-up (isActive=0), which is recorded and answered with an empty Response. Answers are AT's
/// voice XML: &lt;GetDigits&gt; around &lt;Say&gt;, &lt;Dial&gt; to the agents' numbers, or &lt;Say&gt; alone to end.
/// Authentication (the deployment secret in ?token=) is the host's endpoint filter, as for USSD and SMS.
/// </summary>
public static class AfricasTalkingVoice
{
    public const string Provider = Providers.AfricasTalking;
    private const string Xml = "application/xml";

    public static RouteGroupBuilder MapAfricasTalkingVoice(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/voice/africastalking").DisableAntiforgery();
        group.MapPost("", Callback);
        return group;
    }

    internal static async Task<IResult> Callback(HttpRequest http, VoiceDialog dialog, VoiceCallLog log, VoiceOptions options, VoiceAudio audio,
        IConfiguration configuration, ILoggerFactory loggers, CancellationToken ct)
    {
        var (form, error) = ProviderForm.Decode<AfricasTalkingVoiceForm>(await http.ReadFormAsync(ct));
        if (form is null) return Results.Text(error!, statusCode: 400);
        var (sessionId, caller) = (form.SessionId, form.CallerNumber);

        if (form.HasEnded)
        {
            var ended = await log.RecordAsync(Provider, sessionId, caller, form.HangupCause ?? form.Status, form.DurationInSeconds, ct);
            loggers.CreateLogger(typeof(AfricasTalkingVoice)).LogInformation("Africa's Talking call {Call} from {Phone} ended: {Status} after {Seconds} s",
                sessionId, ended.Phone, ended.Status, ended.DurationSeconds);
            return Results.Content(new XDocument(new XElement("Response")).ToString(), Xml);
        }

        var keys = http.Query.ContainsKey("silence") ? null : form.DtmfDigits;
        VoiceAnswer answer;
        try { answer = await dialog.AnswerAsync(Provider, sessionId, caller, keys, canTransfer: options.AgentNumbers.Count > 0, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(AfricasTalkingVoice)).LogError(e, "Africa's Talking call {Call} from {Phone} failed", sessionId, Mask.Phone(caller));
            answer = dialog.Unavailable();
        }
        // GetDigits posts back to the URL AT called, with its ?token= but never the silence marker: absolute, as AT needs it.
        var publicBase = string.IsNullOrEmpty(configuration["PublicBaseUrl"]) ? $"{http.Scheme}://{http.Host}{http.PathBase}" : configuration["PublicBaseUrl"]!.TrimEnd('/');
        var query = QueryString.Create(http.Query.Where(q => q.Key != "silence").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))));
        var self = $"{publicBase}{http.Path}{query}";
        return Results.Content(Render(answer, options, self, audio, publicBase).ToString(SaveOptions.DisableFormatting), Xml);
    }

    public static XDocument Render(VoiceAnswer answer, VoiceOptions options, string callbackUrl, VoiceAudio audio, string publicBase)
    {
        // A sentence with a recording is played (AT fetches it: an absolute URL); any other is spoken.
        var say = answer.Speech.Select(text => audio.UrlFor(answer.Language, text) is { } url
            ? new XElement("Play", new XAttribute("url", publicBase + url))
            : Say(text, answer.Language, options)).ToList();
        var response = new XElement("Response");
        switch (answer.Next)
        {
            case VoiceNext.Gather:
                var getDigits = new XElement("GetDigits", new XAttribute("timeout", answer.TimeoutSeconds), new XAttribute("callbackUrl", callbackUrl));
                if (answer.EndsWithHash) getDigits.Add(new XAttribute("finishOnKey", "#"));
                else getDigits.Add(new XAttribute("numDigits", answer.MaxDigits));
                getDigits.Add(say);
                response.Add(getDigits);
                // No key before the timeout: AT goes on to the next action (as Twilio does after Gather; not
                // confirmed in AT's documentation), which brings the call back to us to say so. A callback
                // with empty dtmfDigits is treated the same, in case AT posts one instead.
                response.Add(new XElement("Redirect", callbackUrl + (callbackUrl.Contains('?') ? "&" : "?") + "silence=1"));
                break;
            case VoiceNext.Transfer:
                response.Add(say);
                response.Add(new XElement("Dial", new XAttribute("phoneNumbers", string.Join(",", options.AgentNumbers)),
                    new XAttribute("sequential", "true")));
                break;
            default:
                response.Add(say);
                break;
        }
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), response);
    }

    private static XElement Say(string text, Language language, VoiceOptions options)
    {
        var say = new XElement("Say", text);
        var voice = language == Language.Sw ? options.AfricasTalkingVoiceSw : options.AfricasTalkingVoiceEn;
        if (!string.IsNullOrEmpty(voice)) say.Add(new XAttribute("voice", voice));
        say.Add(new XAttribute("playBeep", "false"));
        return say;
    }
}
