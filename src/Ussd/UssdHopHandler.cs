using Huduma.Contact.Core;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Privacy;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Ussd;

/// <summary>A screen to send back, and whether the session stays open (CON) or ends (END).</summary>
internal sealed record UssdResponse(string Screen, bool Ends)
{
    public string Body => (Ends ? "END " : "CON ") + Screen;
}

/// <summary>
/// One hop of a USSD session: Africa's Talking's request in, one call to <see cref="Conversations.HandleAsync"/>
/// (which reads and writes the session, starts, counts and resumes), and what is USSD's own: the
/// accumulated text and the pages of a long screen. Africa's Talking sends every input so far joined by
/// '*'; the session remembers how much of it was consumed, so the newest input is the rest — even when it
/// holds a '*' itself. State lives in the store, never in the text.
/// </summary>
internal sealed class UssdHopHandler : IConversationChannel<UssdSession, UssdResponse>
{
    public const string Channel = ChannelNames.Ussd;
    private readonly Conversations _conversations;
    private readonly DialogEngine _engine;
    private readonly UssdScreenRenderer _renderer;
    private readonly ILogger<UssdHopHandler> _logger;

    public UssdHopHandler(Conversations conversations, UssdOptions options, ILogger<UssdHopHandler> logger)
    {
        _conversations = conversations;
        _engine = conversations.Engine;
        _renderer = new UssdScreenRenderer(_engine.Content, options.MaxScreenLength);
        _logger = logger;
        // A session is kept for the resume window, so a redial can pick it up; an ended one only as long as
        // the gateway may repeat its last hop.
        Policy = new ConversationPolicy(Channel, "ussd hop",
            options.ResumeWindow > options.SessionLifetime ? options.ResumeWindow : options.SessionLifetime, TimeSpan.FromMinutes(1))
        {
            OffersResume = true,
            ReadsProfileWithFirstTurn = true,
        };
    }

    public ConversationPolicy Policy { get; }

    /// <summary>
    /// A phone's newest session lives under its number (huduma:ussd:{msisdn}); an older one a newer
    /// session displaced goes on under <see cref="DisplacedKey"/>.
    /// </summary>
    public static string PhoneKey(string msisdn) => Conversations.Key(Channel, msisdn);
    public static string DisplacedKey(string msisdn, string sessionId) => Conversations.AsideKey(Channel, msisdn, sessionId);

    /// <summary>The hop, whole: one call into Core, which calls back for USSD's own part.</summary>
    public Task<UssdResponse> HandleAsync(UssdRequest request, CancellationToken ct = default) =>
        _conversations.HandleAsync(this, new Turn(Channel, request.SessionId, request.Msisdn, request.Text), request.Msisdn, Providers.AfricasTalking, ct);

    UssdSession IConversationChannel<UssdSession, UssdResponse>.Create(Turn turn, ConversationState state) =>
        new() { SessionId = turn.ConversationId, State = state };

    string IConversationChannel<UssdSession, UssdResponse>.InputOf(UssdSession session, Turn turn) => NewInput(session.Consumed, turn.Input!);

    /// <summary>
    /// Africa's Talking repeats a callback it thinks was lost: the same screen, nothing advanced. (An
    /// empty text for a known session can only be its first hop again.)
    /// </summary>
    bool IConversationChannel<UssdSession, UssdResponse>.TryRepeat(UssdSession session, Turn turn, out UssdResponse answer)
    {
        var text = turn.Input!;
        if (session.Consumed != text && text.Length != 0)
        {
            answer = null!;
            return false;
        }
        answer = Render(session, turn, session.OfferingResume
            ? _conversations.ResumeQuestion(session.State, session.Notice)
            : _engine.Render(session.State, session.Notice));
        return true;
    }

    /// <summary>
    /// A first hop that already carries inputs (a shortcut such as *384*1919*1#, or a session the store
    /// lost): each input played in turn, as its own hop would have (pages included).
    /// </summary>
    async ValueTask<UssdResponse> IConversationChannel<UssdSession, UssdResponse>.BeginAsync(UssdSession session, Turn turn, Reply reply, CancellationToken ct)
    {
        var text = turn.Input!;
        if (text.Length > 0)
            foreach (var input in text.Split('*'))
                reply = await NavigateAsync(session, turn, input, ct);
        return Render(session, turn, reply);
    }

    async ValueTask<UssdResponse> IConversationChannel<UssdSession, UssdResponse>.ContinueAsync(UssdSession session, Turn turn, CancellationToken ct) =>
        Render(session, turn, await NavigateAsync(session, turn, NewInput(session.Consumed, turn.Input!), ct));

    UssdResponse IConversationChannel<UssdSession, UssdResponse>.Render(UssdSession session, Turn turn, Reply reply) => Render(session, turn, reply);

    /// <summary>98 and 0 turn the pages of a long screen; any other input is the engine's.</summary>
    private ValueTask<Reply> NavigateAsync(UssdSession session, Turn turn, string input, CancellationToken ct)
    {
        var state = session.State;
        if (input == UssdScreenRenderer.MoreInput && session.Page < _renderer.Pages(_engine.Render(state)).Count - 1)
        {
            session.Page++;
            return ValueTask.FromResult(_engine.Render(state));
        }
        if (input == DialogEngine.BackInput && session.Page > 0)
        {
            session.Page--;
            return ValueTask.FromResult(_engine.Render(state));
        }
        session.Page = 0;
        return new ValueTask<Reply>(_engine.HandleAsync(state, turn with { Input = input }, ct));
    }

    /// <summary>The reply's page on screen; the session remembers the text consumed and the notice shown, to show it again.</summary>
    private UssdResponse Render(UssdSession session, Turn turn, Reply reply)
    {
        session.Consumed = turn.Input!;
        session.Notice = reply.Notice;
        var pages = _renderer.Pages(reply);
        session.Page = Math.Clamp(session.Page, 0, pages.Count - 1);
        var ends = reply.Ends && session.Page == pages.Count - 1;
        if (_logger.IsEnabled(LogLevel.Debug))
            _logger.LogDebug("USSD hop {Session} from {Phone} at {Node} ({Outcome})",
                session.SessionId, Mask.Phone(turn.Msisdn), session.State.Node, ends ? "END" : "CON");
        return new UssdResponse(pages[session.Page], ends);
    }

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
