using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

/// <summary>
/// Core's one entry point of a turn (<see cref="Conversations.HandleAsync"/>), through a bare channel
/// that renders nothing: what every channel gets from it without writing it again.
/// </summary>
public sealed class ConversationsTests : IDisposable
{
    /// <summary>Wednesday 2026-11-25, 10:00 in Nairobi: agents are in.</summary>
    private static readonly DateTimeOffset AgentsIn = new(2026, 11, 25, 7, 0, 0, TimeSpan.Zero);
    /// <summary>Saturday 2026-11-28, 21:00 in Nairobi: nobody answers.</summary>
    private static readonly DateTimeOffset AgentsOut = new(2026, 11, 28, 18, 0, 0, TimeSpan.Zero);
    private const string Phone = "+254722000111";

    private readonly FakeTimeProvider _clock = new(AgentsIn);
    private readonly EngineHarness _h;
    private readonly CountingStateStore _store;
    private readonly DailyCounters _daily;
    private readonly Conversations.Conversations _conversations;
    private readonly BareChannel _channel;

    public ConversationsTests()
    {
        _h = new EngineHarness(_clock);
        _store = new CountingStateStore(_h.Store);
        _daily = new DailyCounters(_h.Store, _clock);
        _conversations = _h.Conversations(_daily, _clock, _store);
        _channel = new BareChannel(_h.Engine, new ConversationPolicy("test", "test turn", TimeSpan.FromMinutes(5)) { OffersResume = true, ReadsProfileWithFirstTurn = true });
    }

    private Task<Reply> Turn(string session, string? input, string phone = Phone) =>
        _conversations.HandleAsync(_channel, new Turn("test", session, phone, input), phone);

    [Fact]
    public async Task A_first_turn_reads_the_session_with_the_phones_language_once_and_writes_once()
    {
        await new PhoneProfiles(_h.Store).SetLanguageAsync(Phone, Language.Sw);
        _store.Reset();
        var first = await Turn("s1", "");
        Assert.Equal(Language.Sw, first.Language);
        Assert.Equal((1, 1), (_store.Reads, _store.Writes));
    }

    [Fact]
    public async Task A_later_turn_is_one_read_and_one_write()
    {
        await Turn("s1", "");
        _store.Reset();
        var home = await Turn("s1", "1");
        Assert.Contains(home.Options, o => o.Label == "Document status");
        Assert.Equal((1, 1), (_store.Reads, _store.Writes));
        Assert.Equal(MenuNodes.Home, (await _conversations.FindAsync<UssdSession>("test", Phone))!.State.Node);
    }

    [Fact]
    public async Task A_start_is_counted_once_however_many_turns_follow()
    {
        await Turn("s1", "");
        await Turn("s1", "1");
        await Turn("s1", "1");
        await Turn("s2", "", "+254733000222");
        Assert.Equal(2, (await _daily.DaysAsync(DailyCounters.ConversationsStarted("test"), _daily.Today, _daily.Today))[0]);
    }

    [Fact]
    public async Task A_redial_after_a_dropped_session_is_asked_to_resume_and_1_goes_on_where_it_was()
    {
        await Turn("s1", "");
        await Turn("s1", "1");          // English
        await Turn("s1", "1");          // Document status: worth resuming
        var question = await Turn("s2", "");
        Assert.Equal([_h.Content.Prompt(PromptKeys.ResumeAsk, Language.En)], question.Lines);
        Assert.Equal(["1", "2"], question.Options.Select(o => o.Key));
        Assert.Equal(_h.Content.Prompt(PromptKeys.ResumeYes, Language.En), question.Options[0].Label);

        var resumed = await Turn("s2", "1");
        Assert.Equal(_h.Engine.Render((await _conversations.FindAsync<UssdSession>("test", Phone))!.State).Lines, resumed.Lines);
        Assert.Equal("status.type", (await _conversations.FindAsync<UssdSession>("test", Phone))!.State.Node);
    }

    [Fact]
    public async Task A_redial_answering_2_to_the_resume_question_starts_again_at_home()
    {
        await Turn("s1", "");
        await Turn("s1", "1");
        await Turn("s1", "1");
        await Turn("s2", "");
        await Turn("s2", "2");
        Assert.Equal(MenuNodes.Home, (await _conversations.FindAsync<UssdSession>("test", Phone))!.State.Node);
    }

    [Fact]
    public async Task A_caller_wrong_three_times_is_stuck_not_ended_when_the_turn_hands_over()
    {
        var state = await _h.AtHomeAsync(Phone);
        var turn = new Turn("voice", "c1", Phone, "9") { HandsOverWhenStuck = true };
        for (var i = 0; i < DialogEngine.MaxWrongInputs; i++) await _h.Engine.HandleAsync(state, turn);
        Assert.True(DialogEngine.IsStuck(state));
        Assert.False(state.Ended);
        Assert.Null(state.Result);
    }

    [Fact]
    public async Task A_stuck_caller_in_agents_hours_goes_to_an_agent_with_one_ticket()
    {
        var state = await StuckAsync();
        var handover = await _conversations.GiveUpAsync(new Turn("voice", "c1", Phone, "9"), state, canTransfer: true);
        Assert.Equal(HandoverKind.Transfer, handover.Kind);
        Assert.Equal(0, state.Wrong);
        Assert.False(state.Ended);
        // The provider repeats the step: the same ticket, not a second.
        var again = await _conversations.ToAgentAsync(new Turn("voice", "c1", Phone, "0"), state, canTransfer: true);
        Assert.Equal(handover.Ticket!.Reference, again.Ticket!.Reference);
        Assert.Single(await _h.Escalations.ListOpenAsync());
    }

    [Fact]
    public async Task A_stuck_caller_out_of_agents_hours_hears_goodbye_and_no_ticket_is_made()
    {
        _clock.SetUtcNow(AgentsOut);
        var state = await StuckAsync();
        var handover = await _conversations.GiveUpAsync(new Turn("voice", "c1", Phone, "9"), state, canTransfer: true);
        Assert.Equal(HandoverKind.Goodbye, handover.Kind);
        Assert.True(state.Ended);
        Assert.Empty(await _h.Escalations.ListOpenAsync());
    }

    [Fact]
    public async Task Asking_for_a_person_out_of_hours_is_offered_a_call_back_whose_ticket_ends_the_conversation()
    {
        _clock.SetUtcNow(AgentsOut);
        var state = await _h.AtHomeAsync(Phone);
        var turn = new Turn("voice", "c1", Phone, "0");
        Assert.Equal(HandoverKind.OfferCallBack, (await _conversations.ToAgentAsync(turn, state, canTransfer: true)).Kind);
        var ticket = await _conversations.CallBackAsync(turn, state);
        Assert.Equal(EscalationReasons.Callback, ticket.Reason);
        Assert.True(state.Ended);
    }

    private async Task<ConversationState> StuckAsync()
    {
        var state = await _h.AtHomeAsync(Phone);
        var turn = new Turn("voice", "c1", Phone, "9") { HandsOverWhenStuck = true };
        for (var i = 0; i < DialogEngine.MaxWrongInputs; i++) await _h.Engine.HandleAsync(state, turn);
        return state;
    }

    public void Dispose() => _daily.Dispose();
}

/// <summary>A channel with no navigation of its own and nothing to render: the engine's reply is the answer.</summary>
internal sealed class BareChannel(DialogEngine engine, ConversationPolicy policy) : IConversationChannel<UssdSession, Reply>
{
    public ConversationPolicy Policy => policy;
    public UssdSession Create(Turn turn, ConversationState state) => new() { SessionId = turn.ConversationId, State = state };
    public string InputOf(UssdSession session, Turn turn) => turn.Input ?? "";
    public bool TryRepeat(UssdSession session, Turn turn, out Reply answer)
    {
        answer = null!;
        return false;
    }
    public ValueTask<Reply> BeginAsync(UssdSession session, Turn turn, Reply reply, CancellationToken ct) => ValueTask.FromResult(reply);
    public async ValueTask<Reply> ContinueAsync(UssdSession session, Turn turn, CancellationToken ct) => await engine.HandleAsync(session.State, turn, ct);
    public Reply Render(UssdSession session, Turn turn, Reply reply) => reply;
}
