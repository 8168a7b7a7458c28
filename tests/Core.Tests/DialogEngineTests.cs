using Huduma.Contact.Core.Actions;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

public sealed class DialogEngineTests
{
    private const string Holder = "+254722000111";
    private const string Stranger = "+254733999888";
    private readonly EngineHarness _h = new();

    public DialogEngineTests() => _h.Register.UpsertAsync(EngineHarness.ReadyId).Wait();

    /// <summary>Home → document status → National ID → number.</summary>
    private async Task<(ConversationState, Reply)> LookUpAsync(string? msisdn, string number)
    {
        var state = await _h.AtHomeAsync(msisdn);
        var types = await _h.SendAsync(state, "1", msisdn);
        await _h.SendAsync(state, EngineHarness.Pick(types, "National"), msisdn);
        return (state, await _h.SendAsync(state, number, msisdn));
    }

    [Fact]
    public async Task A_conversation_ended_by_its_channel_keeps_its_screen_and_takes_no_more_input()
    {
        var (state, answer) = await LookUpAsync(Holder, "23456789");
        DialogEngine.End(state);
        Assert.True(state.Ended);
        Assert.False(DialogEngine.IsStuck(state));
        var again = await _h.SendAsync(state, "00", Holder);
        Assert.Equal(answer.Text, again.Text);
        Assert.NotEqual(MenuNodes.Home, state.Node);
    }

    [Fact]
    public async Task First_contact_asks_the_language_and_the_choice_is_remembered_for_the_phone()
    {
        var (state, reply) = await _h.Engine.StartAsync(new Turn("test", "c1", "+254700100200", null));
        Assert.Equal(MenuNodes.Language, state.Node);
        Assert.Contains("Chagua lugha", reply.Text);

        var home = await _h.SendAsync(state, EngineHarness.Pick(reply, "Kiswahili"), "+254700100200");
        Assert.Equal(MenuNodes.Home, state.Node);
        Assert.Contains("Tukusaidie", home.Text);

        var (again, againReply) = await _h.Engine.StartAsync(new Turn("test", "c2", "+254700100200", null));
        Assert.Equal(MenuNodes.Home, again.Node);
        Assert.Equal(Language.Sw, againReply.Language);
    }

    [Fact]
    public async Task Status_lookup_from_the_phone_on_record_tells_the_holder_everything()
    {
        var (_, reply) = await LookUpAsync(Holder, "23456789");
        Assert.Contains("Achieng Ouma", reply.Text);
        Assert.Contains("READY", reply.Text);
        Assert.Contains(_h.Content.Centre("nairobi-gpo")!.Name, reply.Text);
    }

    [Fact]
    public async Task Status_lookup_from_a_different_phone_hides_the_holders_name_and_asks_for_the_waiting_card()
    {
        var (state, reply) = await LookUpAsync(Stranger, "23456789");
        Assert.Equal("status.reference", state.Node);
        Assert.DoesNotContain("Achieng", reply.Text);
        Assert.DoesNotContain("READY", reply.Text);
    }

    [Fact]
    public async Task An_unknown_number_gets_the_same_question_as_a_stranger_so_nothing_is_confirmed()
    {
        var (_, known) = await LookUpAsync(Stranger, "23456789");
        var (_, unknown) = await LookUpAsync(Stranger, "98765432");
        Assert.Equal(known.Text, unknown.Text);
    }

    [Fact]
    public async Task The_right_waiting_card_reference_proves_it_and_a_wrong_one_reveals_nothing()
    {
        var (state, _) = await LookUpAsync(Stranger, "23456789");
        var wrong = await _h.SendAsync(state, "WC000000", Stranger);
        Assert.DoesNotContain("Achieng", wrong.Text);

        var (state2, _) = await LookUpAsync(Stranger, "23456789");
        var right = await _h.SendAsync(state2, "wc 555 111", Stranger);
        Assert.Contains("Achieng Ouma", right.Text);
        Assert.Contains("READY", right.Text);
    }

    [Fact]
    public async Task A_malformed_number_is_refused_with_a_hint_and_the_screen_stays()
    {
        var (state, reply) = await LookUpAsync(Holder, "12ab");
        Assert.Equal("status.number", state.Node);
        Assert.NotNull(reply.Notice);
        Assert.Contains(_h.Content.Document("national_id")!.Hint!.En!, reply.Notice);
        Assert.False(reply.Ends);
    }

    [Fact]
    public async Task Back_returns_to_the_previous_screen_and_home_to_the_main_menu()
    {
        var state = await _h.AtHomeAsync(Holder);
        await _h.SendAllAsync(state, Holder, "2", "1");
        Assert.Equal("centre.list", state.Node);
        await _h.SendAsync(state, "0", Holder);
        Assert.Equal("centre.county", state.Node);
        await _h.SendAsync(state, "00", Holder);
        Assert.Equal(MenuNodes.Home, state.Node);
        Assert.Empty(state.Back);
    }

    [Fact]
    public async Task Three_wrong_inputs_end_the_conversation_politely()
    {
        var state = await _h.AtHomeAsync(Holder);
        var first = await _h.SendAsync(state, "9", Holder);
        Assert.False(first.Ends);
        Assert.Equal(_h.Content.Prompt(PromptKeys.ErrorChoice, Language.En), first.Notice);
        await _h.SendAsync(state, "x", Holder);
        var third = await _h.SendAsync(state, "77", Holder);
        Assert.True(third.Ends);
        Assert.Contains("1919", third.Text);
    }

    [Fact]
    public async Task A_right_answer_resets_the_wrong_input_count()
    {
        var state = await _h.AtHomeAsync(Holder);
        await _h.SendAllAsync(state, Holder, "9", "9", "2");
        var reply = await _h.SendAllAsync(state, Holder, "x", "x");
        Assert.False(reply.Ends);
    }

    [Fact]
    public async Task A_reference_that_does_not_match_asks_for_it_again_and_the_right_one_then_answers()
    {
        var (state, _) = await LookUpAsync(Stranger, "23456789");
        var wrong = await _h.SendAsync(state, "WC000000", Stranger);
        Assert.Equal(MenuNodes.StatusReference, state.Node);
        Assert.Null(state.Result);
        Assert.Equal(_h.Content.Prompt(PromptKeys.StatusReferenceRetry, Language.En), wrong.Notice);
        Assert.DoesNotContain("Achieng", wrong.Text);

        var right = await _h.SendAsync(state, "WC555111", Stranger);
        Assert.Contains("READY", right.Text);

        // Back from a retry is the number, not the same question again.
        var (again, _) = await LookUpAsync(Stranger, "23456789");
        await _h.SendAsync(again, "WC000000", Stranger);
        await _h.SendAsync(again, "WC000001", Stranger);
        await _h.SendAsync(again, DialogEngine.BackInput, Stranger);
        Assert.Equal("status.number", again.Node);
    }

    [Fact]
    public async Task Lookups_beyond_the_hourly_limit_are_refused()
    {
        var h = new EngineHarness(limits: new LookupRateLimitOptions { PerPhonePerHour = 2, PerDocumentPerHour = 100 });
        await h.Register.UpsertAsync(EngineHarness.ReadyId);
        for (var i = 0; i < 2; i++)
        {
            var state = await h.AtHomeAsync(Holder);
            var reply = await h.SendAllAsync(state, Holder, "1", "1", "23456789");
            Assert.Contains("READY", reply.Text);
        }
        var last = await h.SendAllAsync(await h.AtHomeAsync(Holder), Holder, "1", "1", "23456789");
        Assert.DoesNotContain("READY", last.Text);
        Assert.Equal(h.Content.Prompt(PromptKeys.StatusRateLimited, Language.En), last.Text);
    }

    [Fact]
    public async Task Guessing_waiting_card_references_is_refused_after_the_limit()
    {
        var h = new EngineHarness(limits: new LookupRateLimitOptions { PerPhonePerHour = 100, PerDocumentPerHour = 3 });
        await h.Register.UpsertAsync(EngineHarness.ReadyId);
        for (var i = 0; i < 3; i++)
        {
            var guess = await h.SendAllAsync(await h.AtHomeAsync(Stranger), Stranger, "1", "1", "23456789", $"WC00000{i}");
            Assert.Equal(h.Content.Prompt(PromptKeys.StatusReferenceRetry, Language.En), guess.Notice);
        }
        // Even the right reference is refused now: the document has had its guesses for this hour.
        var right = await h.SendAllAsync(await h.AtHomeAsync(Stranger), Stranger, "1", "1", "23456789", "WC555111");
        Assert.Equal(h.Content.Prompt(PromptKeys.StatusRateLimited, Language.En), right.Text);
        Assert.DoesNotContain("Achieng", right.Text);
    }

    [Fact]
    public async Task A_call_back_request_creates_a_ticket_with_the_path_and_the_document_asked_about()
    {
        var (state, _) = await LookUpAsync(Holder, "23456789");
        await _h.SendAsync(state, "00", Holder);
        var confirm = await _h.SendAsync(state, "4", Holder);
        var done = await _h.SendAsync(state, EngineHarness.Pick(confirm, "Yes"), Holder);

        Assert.True(done.Ends);
        var ticket = Assert.Single(await _h.Escalations.ListOpenAsync());
        Assert.Contains(ticket.Reference, done.Text);
        Assert.Equal(Holder, ticket.Msisdn);
        Assert.Equal("23456789", ticket.DocumentNumber);
        Assert.Contains("status.number:23****89", ticket.Path);
        Assert.DoesNotContain(ticket.Path, p => p.Contains("23456789"));
    }

    [Fact]
    public async Task A_common_question_is_answered_and_sample_answers_say_so()
    {
        var state = await _h.AtHomeAsync(Holder);
        var home = _h.Engine.Render(state);
        var questions = await _h.SendAsync(state, EngineHarness.Pick(home, "questions"), Holder);
        var answer = await _h.SendAsync(state, EngineHarness.Pick(questions, "What is 1919"), Holder);
        Assert.Contains("contact centre", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_h.Content.Prompt(PromptKeys.Unconfirmed, Language.En), answer.Text); // stated by a seed

        await _h.SendAsync(state, "0", Holder);
        var hours = await _h.SendAsync(state, EngineHarness.Pick(questions, "open"), Holder);
        Assert.Contains(_h.Content.Prompt(PromptKeys.Unconfirmed, Language.En), hours.Text); // sample
    }

    [Fact]
    public async Task Kiswahili_speakers_get_every_screen_in_kiswahili()
    {
        var state = await _h.AtHomeAsync(Holder, Language.Sw);
        var reply = await _h.SendAllAsync(state, Holder, "1", "1", "23456789");
        Assert.Equal(Language.Sw, reply.Language);
        Assert.Contains("TAYARI", reply.Text);
    }
}

/// <summary>
/// Screens are kept and shared (Reply.Reusable) so channels render each once: per notice and per list
/// choice they name, never with something a citizen typed in them.
/// </summary>
public sealed class ScreenReuseTests
{
    private readonly EngineHarness _h = new();

    private static ConversationState At(string node, params (string Name, string Value)[] vars)
    {
        var state = new ConversationState { Lang = "en", Node = node, Back = [MenuNodes.Home] };
        foreach (var (name, value) in vars) state.Vars[name] = value;
        return state;
    }

    [Fact]
    public async Task The_home_menu_with_the_language_notice_is_one_shared_screen()
    {
        Reply? earlier = null;
        foreach (var phone in new[] { "+254700100301", "+254700100302" })
        {
            var (state, reply) = await _h.Engine.StartAsync(new Turn("test", phone, phone, null));
            var home = await _h.SendAsync(state, EngineHarness.Pick(reply, "English"), phone);
            Assert.NotNull(home.Notice);
            Assert.True(home.Reusable);
            if (earlier is not null) Assert.Same(earlier, home);
            earlier = home;
        }
        // The same menu without the notice is another screen.
        var plain = _h.Engine.Render(new ConversationState { Lang = "en", Node = MenuNodes.Home });
        Assert.Null(plain.Notice);
        Assert.NotSame(earlier, plain);
    }

    [Fact]
    public void A_screen_naming_a_list_choice_is_kept_per_choice()
    {
        var id = _h.Engine.Render(At("status.number", ("documentType", "national_id")));
        Assert.Same(id, _h.Engine.Render(At("status.number", ("documentType", "national_id"), ("documentNumber", "12345678"))));
        var other = _h.Content.Documents.First(d => d.Id != "national_id");
        var otherScreen = _h.Engine.Render(At("status.number", ("documentType", other.Id)));
        Assert.Contains(other.Name![Language.En], otherScreen.Text);
        Assert.DoesNotContain(other.Name![Language.En], id.Text);

        // A list that depends on a choice: the centres of each county.
        var counties = _h.Content.Centres.Select(c => c.County).Distinct().Take(2).ToArray();
        var first = _h.Engine.Render(At("centre.list", ("county", counties[0].ToString())));
        var second = _h.Engine.Render(At("centre.list", ("county", counties[1].ToString())));
        Assert.True(first.Reusable && second.Reusable);
        Assert.NotEqual(first.Options.Select(o => o.Label), second.Options.Select(o => o.Label));
        Assert.Same(first, _h.Engine.Render(At("centre.list", ("county", counties[0].ToString()))));
    }

    [Fact]
    public void A_copy_of_a_kept_screen_is_another_screen_and_not_reusable()
    {
        var kept = _h.Engine.Render(new ConversationState { Lang = "en", Node = MenuNodes.Home });
        Assert.True(kept.Reusable);
        // A channel adding a line above a kept menu (chat's FAQ answers do) makes a screen of its own:
        // a renderer keeping pages per reusable screen must not keep the copy's as if it were the menu.
        var copy = kept with { Lines = ["An answer", .. kept.Lines] };
        Assert.False(copy.Reusable);
        Assert.Equal(kept.Options, copy.Options);
        Assert.Equal(kept.Language, copy.Language);
        Assert.Equal(kept.CanGoBack, copy.CanGoBack);
        Assert.True((copy with { Reusable = true }).Reusable);
    }

    [Fact]
    public void No_more_than_ten_thousand_screens_are_kept_whatever_the_choices_say()
    {
        // Choices come from lists, but a state could carry any value (old sessions, a content mistake).
        for (var i = 0; i < 10_000; i++)
            Assert.True(_h.Engine.Render(At("status.number", ("documentType", $"kind-{i}"))).Reusable);
        var beyond = _h.Engine.Render(At("status.number", ("documentType", "one-too-many")));
        Assert.False(beyond.Reusable);
        Assert.NotSame(beyond, _h.Engine.Render(At("status.number", ("documentType", "one-too-many"))));
        // Those already kept are still handed out.
        Assert.True(_h.Engine.Render(At("status.number", ("documentType", "kind-7"))).Reusable);
    }

    [Fact]
    public void A_screen_naming_what_a_citizen_typed_is_built_every_time_and_never_kept()
    {
        // Content that (unwisely) shows the typed number back: it must not be kept, in the cache or elsewhere.
        var shipped = _h.Content;
        var nodes = shipped.NodeList.Select(n => n.Id != "status.number" ? n : new MenuNode
        {
            Id = n.Id, Input = n.Input, Save = n.Save, Goto = n.Goto, Action = n.Action,
            Text = LocalizedText.Of("Number {documentNumber}?", "Nambari {documentNumber}?"),
        }).ToList();
        var content = new ContentBundle(nodes, shipped.Prompts, shipped.Documents, shipped.Counties, shipped.Centres,
            shipped.Services, shipped.Faqs);
        var engine = new DialogEngine(content, [], new Huduma.Contact.Core.Profiles.PhoneProfiles(new Huduma.Contact.Core.State.InMemoryStateStore(TimeProvider.System)));

        var a = engine.Render(At("status.number", ("documentType", "national_id"), ("documentNumber", "11111111")));
        var b = engine.Render(At("status.number", ("documentType", "national_id"), ("documentNumber", "22222222")));
        Assert.Contains("11111111", a.Text);
        Assert.Contains("22222222", b.Text);
        Assert.False(a.Reusable || b.Reusable);
    }
}

public sealed class PathDescriptionTests
{
    [Fact]
    public void A_path_reads_in_the_menus_words_and_unknown_steps_stay_as_they_are()
    {
        var content = Huduma.Contact.TestSupport.ShippedContent.Load();
        var steps = Huduma.Contact.Core.Conversations.PathDescription.Describe(content,
            ["main:1", "status.type:national_id", "status.number:12****78", "main:4", "sms:MY ID IS LOST", "main:99"]);
        Assert.Equal(["Document status", "National ID", "number 12****78", "Request a call back", "sms:MY ID IS LOST", "main:99"], steps);
        Assert.Equal("Hali ya hati yangu", Huduma.Contact.Core.Conversations.PathDescription.Describe(content, ["main:1"], Huduma.Contact.Core.Content.Language.Sw)[0]);
    }
}
