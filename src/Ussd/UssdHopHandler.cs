using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;
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

    /// <summary>
    /// A phone's newest session lives under its number (huduma:ussd:{msisdn}), so a redial finds the
    /// session to resume in the same read that tells a repeated first hop, with no pointer of its own to
    /// write. A handset holds one USSD session at a time; should a newer session of the same number
    /// start while an older one may still be live, the older moves aside to <see cref="DisplacedKey"/>
    /// and goes on there.
    /// </summary>
    public static string PhoneKey(string msisdn) => $"ussd:{msisdn}";
    public static string DisplacedKey(string msisdn, string sessionId) => $"ussd:{msisdn}:{sessionId}";

    public async Task<UssdResponse> HandleAsync(UssdRequest request, CancellationToken ct = default)
    {
        using var activity = HudumaActivity.StartTurn("ussd hop", Channel, "africastalking");
        var key = PhoneKey(request.Msisdn);
        // The phone's newest session: this one, or (on a first hop) one to offer to resume. The first
        // hop reads the phone's language with it.
        var (newest, profile) = request.Text.Length == 0
            ? await store.GetBothAsync<UssdSession, PhoneProfiles.Profile>(key, PhoneProfiles.Key(request.Msisdn), ct)
            : (await store.GetAsync<UssdSession>(key, ct), null);
        var session = newest?.SessionId == request.SessionId ? newest : null;
        if (session is null && newest is not null && request.Text.Length > 0)
        {
            // Not the newest: it may be one a newer session of this phone moved aside.
            var aside = DisplacedKey(request.Msisdn, request.SessionId);
            if (await store.GetAsync<UssdSession>(aside, ct) is { } displaced) (session, key) = (displaced, aside);
        }

        Reply? reply = null;
        var isNew = session is null;
        // Africa's Talking repeats a callback it thinks was lost: show the same screen, don't advance.
        // (An empty text for a known session can only be its first hop again.)
        var isRepeat = !isNew && (session!.Consumed == request.Text || request.Text.Length == 0);
        if (isNew)
            (session, reply) = await StartAsync(request, newest, profile, ct);
        else if (isRepeat)
            reply = session!.OfferingResume ? ResumeQuestion(session.State, session.Notice) : engine.Render(session.State, session.Notice);
        else
            reply = await ContinueAsync(session!, request, NewInput(session!.Consumed, request.Text), ct);
        session!.Consumed = request.Text;
        session.Notice = reply!.Notice;

        var pages = _renderer.Pages(reply);
        session.Page = Math.Clamp(session.Page, 0, pages.Count - 1);
        var ends = reply.Ends && session.Page == pages.Count - 1;
        var response = new UssdResponse(pages[session.Page], ends);
        activity?.SetTag(HudumaActivity.NodeTag, session.State.Node);
        if (isRepeat) return response;

        // A session is kept for the resume window, so a redial can pick it up. A hop's writes go out in
        // one round trip.
        var write = store.SetAsync(key, session, ends ? TimeSpan.FromMinutes(1) : Lifetime, ct);
        if (isNew)
        {
            // A new session takes the phone's place; the one it displaces may still be live (or be
            // resumed from this one), so it goes on aside.
            var displace = newest is not null && !newest.State.Ended
                ? store.SetAsync(DisplacedKey(request.Msisdn, newest.SessionId), newest, Lifetime, ct)
                : Task.CompletedTask;
            // The day's count of sessions, for the dashboard's share the bot handled alone.
            await Task.WhenAll(write, displace, daily.CountAsync(DailyCounters.ConversationsStarted(Channel), ct));
        }
        else
            await write;

        if (logger.IsEnabled(LogLevel.Debug))
            logger.LogDebug("USSD hop {Session} from {Phone} at {Node} ({Outcome})",
                request.SessionId, Mask.Phone(request.Msisdn), session.State.Node, ends ? "END" : "CON");
        return response;
    }

    private TimeSpan Lifetime => options.ResumeWindow > options.SessionLifetime ? options.ResumeWindow : options.SessionLifetime;

    /// <summary>A new session and its first screen: the phone's newest session offered for resuming, or the start.</summary>
    private async Task<(UssdSession Session, Reply Reply)> StartAsync(UssdRequest request, UssdSession? newest,
        PhoneProfiles.Profile? profile, CancellationToken ct)
    {
        // A first hop read the profile with the phone's session; a session first met on a later hop (a
        // shortcut dial, or one the store lost) reads it now.
        if (request.Text.Length > 0) profile = await store.GetAsync<PhoneProfiles.Profile>(PhoneProfiles.Key(request.Msisdn), ct);
        var (state, reply) = engine.Start(profile?.Language);
        var session = new UssdSession { SessionId = request.SessionId, State = state };

        if (request.Text.Length == 0 && newest is not null && IsWorthResuming(newest.State))
        {
            session.State = newest.State;
            session.OfferingResume = true;
            return (session, ResumeQuestion(newest.State));
        }

        // A first hop that already carries inputs (a shortcut such as *384*1919*1#, or a session the
        // store lost): play each input in turn, as its own hop would have (pages included).
        if (request.Text.Length > 0)
            foreach (var input in request.Text.Split('*'))
                reply = await ContinueAsync(session, request, input, ct);
        return (session, reply);
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

    /// <summary>Only a dropped session that got somewhere is worth offering to resume.</summary>
    private static bool IsWorthResuming(ConversationState state) =>
        !state.Ended && (state.Node is not (MenuNodes.Home or MenuNodes.Language) || state.Result is not null);

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
