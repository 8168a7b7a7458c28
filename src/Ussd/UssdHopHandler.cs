using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Ussd;

/// <summary>A screen to send back, and whether the session stays open (CON) or ends (END).</summary>
public sealed record UssdResponse(string Screen, bool Ends)
{
    public string Body => (Ends ? "END " : "CON ") + Screen;
}

/// <summary>
/// One hop of a USSD session. Africa's Talking sends every input so far joined by '*'; the session
/// remembers how much of it was consumed, so the newest input is the rest — even when it holds a '*'
/// itself. State lives in the store, never in the text.
/// </summary>
public sealed class UssdHopHandler(DialogEngine engine, IStateStore store, DailyCounters daily, UssdOptions options, ILogger<UssdHopHandler> logger)
{
    public const string Channel = "ussd";
    private readonly UssdScreenRenderer _renderer = new(engine.Content, options.MaxScreenLength);

    // The session and the resume pointer are read and written on every hop: generated JSON for them,
    // however the handler was made (the host, the tests, bench/UssdHop).
    static UssdHopHandler() => UssdJson.Register();

    public static string SessionKey(string sessionId) => $"ussd:{sessionId}";
    public static string ResumeKey(string msisdn) => $"resume:{msisdn}";

    public async Task<UssdResponse> HandleAsync(UssdRequest request, CancellationToken ct = default)
    {
        var key = SessionKey(request.SessionId);
        // An empty text is a session's first hop: nothing to read yet, except when the gateway repeats
        // that hop — which StartAsync tells by the phone's resume pointer naming this very session.
        var session = request.Text.Length == 0 ? null : await store.GetAsync<UssdSession>(key, ct);

        Reply? reply = null;
        var isNew = session is null || session.Msisdn != request.Msisdn;
        var isRepeat = !isNew && session!.Consumed == request.Text;
        if (isNew)
        {
            (session, reply, isRepeat) = await StartAsync(request, ct);
            isNew = !isRepeat;
        }
        if (isRepeat)
            // Africa's Talking repeats a callback it thinks was lost: show the same screen, don't advance.
            reply = session!.OfferingResume ? ResumeQuestion(session.State, session.Notice) : engine.Render(session.State, session.Notice);
        else if (!isNew)
            reply = await ContinueAsync(session!, request, NewInput(session!.Consumed, request.Text), ct);
        session!.Consumed = request.Text;
        session.Notice = reply!.Notice;

        var pages = _renderer.Pages(reply);
        session.Page = Math.Clamp(session.Page, 0, pages.Count - 1);
        var ends = reply.Ends && session.Page == pages.Count - 1;
        var response = new UssdResponse(pages[session.Page], ends);
        if (isRepeat) return response;

        // A session is kept for the resume window, so a redial can pick it up; the phone's resume
        // pointer names the newest session and is written once, on its first hop. The writes go out
        // in one round trip.
        var writes = new List<Task> { store.SetAsync(key, session, ends ? TimeSpan.FromMinutes(1) : Lifetime, ct) };
        if (isNew)
        {
            writes.Add(store.SetAsync(ResumeKey(request.Msisdn), new ResumePointer { SessionId = request.SessionId }, Lifetime, ct));
            // The day's count of sessions, for the dashboard's share the bot handled alone: same round trip.
            writes.Add(daily.CountAsync(DailyCounters.ConversationsStarted(Channel), ct));
        }
        await Task.WhenAll(writes);

        if (logger.IsEnabled(LogLevel.Debug))
            logger.LogDebug("USSD hop {Session} from {Phone} at {Node} ({Outcome})",
                request.SessionId, Mask.Phone(request.Msisdn), session.State.Node, ends ? "END" : "CON");
        return response;
    }

    private TimeSpan Lifetime => options.ResumeWindow > options.SessionLifetime ? options.ResumeWindow : options.SessionLifetime;

    /// <summary>A new session and its first screen, or the stored session when this hop is a repeat of its first.</summary>
    private async Task<(UssdSession Session, Reply? Reply, bool IsRepeat)> StartAsync(UssdRequest request, CancellationToken ct)
    {
        var session = new UssdSession { Msisdn = request.Msisdn };
        // The resume pointer and the phone's language in one read.
        var (pointer, profile) = await store.GetBothAsync<ResumePointer, PhoneProfiles.Profile>(
            ResumeKey(request.Msisdn), PhoneProfiles.Key(request.Msisdn), ct);
        var (state, reply) = engine.Start(profile?.Language);
        session.State = state;

        if (request.Text.Length == 0 && pointer is not null
            && await store.GetAsync<UssdSession>(SessionKey(pointer.SessionId), ct) is { } earlier && earlier.Msisdn == request.Msisdn)
        {
            if (pointer.SessionId == request.SessionId) return (earlier, null, true);
            if (IsWorthResuming(earlier.State))
            {
                session.State = earlier.State;
                session.OfferingResume = true;
                return (session, ResumeQuestion(earlier.State), false);
            }
        }

        // A first hop that already carries inputs (a shortcut such as *384*1919*1#, or a session the
        // store lost): play each input through the dialog in turn.
        if (request.Text.Length > 0)
            foreach (var input in request.Text.Split('*'))
                reply = await engine.HandleAsync(state, Turn(request, input), ct);
        return (session, reply, false);
    }

    private async Task<Reply> ContinueAsync(UssdSession session, UssdRequest request, string input, CancellationToken ct)
    {
        var state = session.State;
        if (session.OfferingResume)
        {
            switch (input)
            {
                case "1":
                    session.OfferingResume = false;
                    state.Wrong = 0;
                    return engine.Render(state);
                case "2" or DialogEngine.HomeInput:
                    session.OfferingResume = false;
                    var (fresh, reply) = await engine.StartAsync(Turn(request, null), ct);
                    session.State = fresh;
                    return reply;
                default:
                    var rejected = engine.Reject(state, PromptKeys.ErrorChoice);
                    return rejected.Ends ? rejected : ResumeQuestion(state, rejected.Notice);
            }
        }

        if (input == UssdScreenRenderer.MoreInput && session.Page < _renderer.Pages(engine.Render(state)).Count - 1)
        {
            session.Page++;
            return engine.Render(state);
        }
        if (input == DialogEngine.BackInput && session.Page > 0)
        {
            session.Page--;
            return engine.Render(state);
        }
        session.Page = 0;
        return await engine.HandleAsync(state, Turn(request, input), ct);
    }

    private Reply ResumeQuestion(ConversationState state, string? notice = null)
    {
        var language = DialogEngine.LanguageOf(state);
        var content = engine.Content;
        return new Reply([content.Prompt(PromptKeys.ResumeAsk, language)],
            [new ReplyOption("1", content.Prompt(PromptKeys.ResumeYes, language)), new ReplyOption("2", content.Prompt(PromptKeys.ResumeNo, language))],
            language, Notice: notice);
    }

    /// <summary>Where a phone's newest session is (huduma:resume:{msisdn}).</summary>
    internal sealed class ResumePointer
    {
        public string SessionId { get; set; } = "";
    }

    /// <summary>Only a dropped session that got somewhere is worth offering to resume.</summary>
    private static bool IsWorthResuming(ConversationState state) =>
        !state.Ended && (state.Node is not (ContentBundle.HomeNode or ContentBundle.LanguageNode) || state.Result is not null);

    private static Turn Turn(UssdRequest request, string? input) => new(Channel, request.SessionId, request.Msisdn, input);

    /// <summary>The newest input: what follows the text already consumed and its '*' separator.</summary>
    public static string NewInput(string consumed, string text)
    {
        if (consumed.Length == 0) return text;
        if (text.Length > consumed.Length && text.StartsWith(consumed + "*", StringComparison.Ordinal))
            return text[(consumed.Length + 1)..];
        // Some gateways send only the latest input instead of the whole trail.
        var star = text.LastIndexOf('*');
        return star < 0 ? text : text[(star + 1)..];
    }
}
