using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

/// <summary>One ticket per conversation and reason, whichever path asks: the menus' call-back action or Core's handoff policy.</summary>
public sealed class ConversationTicketsTests : IDisposable
{
    private const string Phone = "+254722000111";
    /// <summary>Wednesday 2026-11-25, 10:00 in Nairobi: agents are in.</summary>
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));
    private readonly EngineHarness _h;
    private readonly DailyCounters _daily;
    private readonly Conversations.Conversations _conversations;

    public ConversationTicketsTests()
    {
        _h = new EngineHarness(_clock);
        _daily = new DailyCounters(_h.Store, _clock);
        _conversations = _h.Conversations(_daily, _clock);
    }

    /// <summary>"Yes, call me back" in the menus of <paramref name="conversation"/>: the request-callback action's ticket.</summary>
    private async Task<ConversationState> CalledBackByTheMenuAsync(string conversation)
    {
        var state = await _h.AtHomeAsync(Phone);
        state.Node = "callback.confirm";
        await _h.Engine.HandleAsync(state, new Turn("voice", conversation, Phone, "1"));
        Assert.True(state.Ended);
        return state;
    }

    [Fact]
    public async Task A_call_back_by_the_menu_and_by_the_handoff_policy_in_one_conversation_is_one_ticket()
    {
        var state = await CalledBackByTheMenuAsync("c1");
        var byPolicy = await _conversations.CallBackAsync(new Turn("voice", "c1", Phone, "1"), state);
        var open = await _h.Escalations.ListOpenAsync();
        Assert.Equal(byPolicy.Reference, Assert.Single(open).Reference);
    }

    [Fact]
    public async Task Another_conversation_or_another_reason_is_another_ticket()
    {
        var state = await CalledBackByTheMenuAsync("c1");
        await CalledBackByTheMenuAsync("c2");
        await _conversations.ToAgentAsync(new Turn("voice", "c1", Phone, "0"), state, canTransfer: true);
        Assert.Equal(3, (await _h.Escalations.ListOpenAsync()).Count);
    }

    [Fact]
    public void The_key_is_the_channel_the_conversation_and_the_reason() =>
        Assert.Equal("voice:c1:callback", ConversationTickets.IdempotencyKey(new Turn("voice", "c1", Phone, null), EscalationReasons.Callback));

    public void Dispose() => _daily.Dispose();
}
