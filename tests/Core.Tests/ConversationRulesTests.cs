using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

/// <summary>
/// Core's rules for a conversation of messages, without any channel: a rating reply after an agent's
/// resolve, misunderstandings counted until a person is offered, and a keyword lookup's number kept while
/// the waiting-card reference is asked for. The SMS channel calls these; the session is any that keeps the state.
/// </summary>
public sealed class ConversationRulesTests
{
    private const string Holder = "+254722000111";
    private const string Stranger = "+254733999888";

    /// <summary>Any channel's session that keeps the two rules' state (the SMS session is one).</summary>
    private sealed class MessageSession : IAwaitsReference, ICountsMisunderstandings
    {
        public string? AwaitingType { get; set; }
        public string? AwaitingNumber { get; set; }
        public int Misunderstood { get; set; }
    }

    private readonly EngineHarness _h = new();

    private async Task<(RatingReplies Ratings, EscalationDesk Desk, Escalation Ticket)> ResolvedTicketAsync(string channel, string phone)
    {
        var desk = new EscalationDesk(_h.Escalations, TimeProvider.System);
        var ticket = await _h.Escalations.CreateAsync(new NewEscalation(channel, phone, "en", $"{channel}-agent", []));
        await desk.ClaimAsync(ticket.Reference, "amina");
        await desk.ResolveAsync(ticket.Reference, "amina", "answered");
        return (new RatingReplies(_h.Store, desk), desk, ticket);
    }

    [Fact]
    public async Task A_digit_from_1_to_5_after_a_rating_was_asked_rates_the_resolved_ticket_once()
    {
        var (ratings, _, ticket) = await ResolvedTicketAsync("whatsapp", Holder);
        await ratings.AskAsync("whatsapp", Holder, ticket.Reference);

        Assert.False(await ratings.TryRateAsync("whatsapp", Holder, "6"));
        Assert.False(await ratings.TryRateAsync("whatsapp", Stranger, "4"));
        Assert.False(await ratings.TryRateAsync("sms", Holder, "4"));
        Assert.True(await ratings.TryRateAsync("whatsapp", Holder, " 4 "));

        Assert.Equal(4, (await _h.Escalations.GetAsync(ticket.Reference))!.Rating);
        // Asked once, answered once: the next "5" is a menu choice again, not a second rating.
        Assert.False(await ratings.TryRateAsync("whatsapp", Holder, "5"));
        Assert.Equal(4, (await _h.Escalations.GetAsync(ticket.Reference))!.Rating);
    }

    [Fact]
    public async Task A_rating_is_asked_under_the_key_sms_stored_it_by_before()
    {
        var (ratings, _, ticket) = await ResolvedTicketAsync(SmsSession.Channel, Holder);
        await ratings.AskAsync(SmsSession.Channel, Holder, ticket.Reference);

        var stored = await _h.Store.GetAsync<RatingReplies.Asked>($"rate:sms:{Holder}");
        Assert.Equal(ticket.Reference, stored?.Reference);
        Assert.Contains("\"reference\"", StateJson.Serialize(stored!));
    }

    [Fact]
    public async Task A_digit_with_no_rating_asked_is_not_a_rating()
    {
        var (ratings, _, ticket) = await ResolvedTicketAsync("sms", Holder);
        Assert.False(await ratings.TryRateAsync("sms", Holder, "3"));
        Assert.Null((await _h.Escalations.GetAsync(ticket.Reference))!.Rating);
    }

    [Fact]
    public void Misunderstandings_offer_a_person_after_the_allowed_number_and_an_understood_message_starts_the_count_again()
    {
        var session = new MessageSession();
        for (var i = 0; i < Misunderstandings.BeforeAgent; i++) Assert.False(Misunderstandings.NotUnderstood(session));
        Assert.True(Misunderstandings.NotUnderstood(session));
        Assert.True(Misunderstandings.NotUnderstood(session));

        Misunderstandings.Understood(session);
        Assert.Equal(0, session.Misunderstood);
        Assert.False(Misunderstandings.NotUnderstood(session));
    }

    [Fact]
    public async Task A_strangers_lookup_keeps_the_number_until_the_right_reference_answers()
    {
        await _h.Register.UpsertAsync(EngineHarness.ReadyId);
        var status = new MessageStatus(_h.Content, _h.Lookup);
        var session = new MessageSession();

        var asked = await status.LookUpAsync(session, "sms", Stranger, "national_id", "23456789", null, Language.En);
        Assert.IsType<StatusLookupResult.NeedReference>(asked.Lookup);
        Assert.Equal(("national_id", "23456789"), (session.AwaitingType, session.AwaitingNumber));

        // Text that is no reference is left to the channel, and the number is still kept.
        Assert.Null(await status.AnswerAwaitedAsync(session, "sms", Stranger, "what do I need for a birth certificate", Language.En));
        Assert.Equal("23456789", session.AwaitingNumber);

        var answered = await status.AnswerAwaitedAsync(session, "sms", Stranger, "WC555111", Language.En);
        Assert.IsType<StatusLookupResult.Answer>(answered?.Lookup);
        Assert.Equal("23456789", answered!.Number);
        Assert.Null(session.AwaitingType);
        Assert.Null(await status.AnswerAwaitedAsync(session, "sms", Stranger, "WC555111", Language.En));
    }

    [Fact]
    public async Task A_wrong_reference_forgets_the_number_and_a_bad_number_is_never_looked_up()
    {
        await _h.Register.UpsertAsync(EngineHarness.ReadyId);
        var status = new MessageStatus(_h.Content, _h.Lookup);
        var session = new MessageSession();

        await status.LookUpAsync(session, "sms", Stranger, "national_id", "23456789", null, Language.En);
        var wrong = await status.AnswerAwaitedAsync(session, "sms", Stranger, "WC000000", Language.En);
        Assert.IsType<StatusLookupResult.ReferenceMismatch>(wrong?.Lookup);
        Assert.Null(session.AwaitingNumber);

        var bad = await status.LookUpAsync(session, "sms", Stranger, "national_id", "12", null, Language.En);
        Assert.True(bad.NumberRejected);
        Assert.Null(bad.Lookup);
        Assert.Null(session.AwaitingType);
    }

    [Fact]
    public async Task The_holders_own_phone_is_answered_at_once_and_nothing_is_kept()
    {
        await _h.Register.UpsertAsync(EngineHarness.ReadyId);
        var status = new MessageStatus(_h.Content, _h.Lookup);
        var session = new MessageSession { AwaitingType = "passport", AwaitingNumber = "A1234567" };

        var answer = await status.LookUpAsync(session, "sms", Holder, "national_id", "23456789", null, Language.En);
        Assert.IsType<StatusLookupResult.Answer>(answer.Lookup);
        Assert.Null(session.AwaitingType);
        MessageStatus.Forget(session);
        Assert.Null(session.AwaitingNumber);
    }
}
