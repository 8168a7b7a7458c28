using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

// One contract per store, written once and run against both backends (STYLE.md, "Two backends, one contract").

public abstract class StateStoreContract
{
    protected abstract IStateStore Store { get; }
    /// <summary>Lets time pass: a fake clock in memory, a real wait against Redis.</summary>
    protected abstract Task PassAsync(TimeSpan time);

    private sealed class Sample { public string? Name { get; set; } public int Count { get; set; } }
    private static string Key() => "test:" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_saved_value_reads_back_equal()
    {
        var key = Key();
        await Store.SetAsync(key, new Sample { Name = "Wanjiku", Count = 3 }, TimeSpan.FromMinutes(1));
        var read = await Store.GetAsync<Sample>(key);
        Assert.Equal("Wanjiku", read?.Name);
        Assert.Equal(3, read?.Count);
    }

    private sealed class Other { public string? Lang { get; set; } }

    [Fact]
    public async Task Two_values_of_different_kinds_read_together_each_as_saved_or_null()
    {
        var (first, second) = (Key(), Key());
        await Store.SetAsync(first, new Sample { Name = "Otieno", Count = 1 }, TimeSpan.FromMinutes(1));
        await Store.SetAsync(second, new Other { Lang = "sw" }, TimeSpan.FromMinutes(1));

        var (sample, other) = await Store.GetBothAsync<Sample, Other>(first, second);
        Assert.Equal("Otieno", sample?.Name);
        Assert.Equal("sw", other?.Lang);

        var (missing, stillThere) = await Store.GetBothAsync<Sample, Other>(Key(), second);
        Assert.Null(missing);
        Assert.Equal("sw", stillThere?.Lang);
        var (present, none) = await Store.GetBothAsync<Sample, Other>(first, Key());
        Assert.Equal(1, present?.Count);
        Assert.Null(none);
    }

    [Fact]
    public async Task Swap_saves_the_value_and_returns_the_one_it_replaced()
    {
        var key = Key();
        // Two seconds to live: a busy machine (the whole suite runs at once) may pause a second between two commands.
        Assert.Null(await Store.SwapAsync(key, new Sample { Name = "first" }, TimeSpan.FromSeconds(2)));
        Assert.Equal("first", (await Store.SwapAsync(key, new Sample { Name = "second" }, TimeSpan.FromSeconds(2)))?.Name);
        Assert.Equal("second", (await Store.GetAsync<Sample>(key))?.Name);
        await PassAsync(TimeSpan.FromSeconds(2.2));
        Assert.Null(await Store.SwapAsync(key, new Sample { Name = "third" }, null)); // the second had expired
        Assert.Equal("third", (await Store.GetAsync<Sample>(key))?.Name);
    }

    [Fact]
    public async Task Set_if_absent_saves_only_the_first_value_until_it_expires()
    {
        var key = Key();
        // Two seconds to live: a busy machine (the whole suite runs at once) may pause a second between two
        // commands (seen once on the cluster: the third value gone when read back, with one second to live).
        Assert.True(await Store.SetIfAbsentAsync(key, new Sample { Name = "first" }, TimeSpan.FromSeconds(2)));
        Assert.False(await Store.SetIfAbsentAsync(key, new Sample { Name = "second" }, TimeSpan.FromSeconds(2)));
        Assert.Equal("first", (await Store.GetAsync<Sample>(key))?.Name);

        await PassAsync(TimeSpan.FromSeconds(2.2));
        Assert.True(await Store.SetIfAbsentAsync(key, new Sample { Name = "third" }, TimeSpan.FromMinutes(1)));
        Assert.Equal("third", (await Store.GetAsync<Sample>(key))?.Name);
    }

    [Fact]
    public async Task Set_if_absent_lets_one_of_many_racing_callers_win()
    {
        var key = Key();
        var won = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            Store.SetIfAbsentAsync(key, new Sample { Count = i }, TimeSpan.FromMinutes(1)))));
        Assert.Single(won, w => w);
    }

    [Fact]
    public async Task An_update_sees_the_current_value_and_may_leave_it_as_it_is()
    {
        var key = Key();
        var made = await Store.UpdateAsync<Sample>(key, s => s is null ? new Sample { Name = "made", Count = 1 } : null, TimeSpan.FromMinutes(1));
        Assert.Equal(1, made?.Count);
        var kept = await Store.UpdateAsync<Sample>(key, s => s is null ? new Sample { Name = "not made", Count = 9 } : null, TimeSpan.FromMinutes(1));
        Assert.Equal("made", kept?.Name);
        Assert.Equal("made", (await Store.GetAsync<Sample>(key))?.Name);
    }

    [Fact]
    public async Task Updates_racing_on_one_key_lose_none_of_each_others_changes()
    {
        var key = Key();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            Store.UpdateAsync<Sample>(key, s => new Sample { Name = "counted", Count = (s?.Count ?? 0) + 1 }, TimeSpan.FromMinutes(1)))));
        Assert.Equal(50, (await Store.GetAsync<Sample>(key))?.Count);
    }

    [Fact]
    public async Task A_missing_key_reads_null_and_deletes_false()
    {
        Assert.Null(await Store.GetAsync<Sample>(Key()));
        Assert.False(await Store.DeleteAsync(Key()));
    }

    [Fact]
    public async Task A_value_expires_after_its_ttl_but_not_before()
    {
        var key = Key();
        // Generous margins: a loaded CI machine may take a while between two commands.
        await Store.SetAsync(key, new Sample { Name = "x" }, TimeSpan.FromSeconds(2));
        Assert.NotNull(await Store.GetAsync<Sample>(key));
        await PassAsync(TimeSpan.FromSeconds(2.5));
        Assert.Null(await Store.GetAsync<Sample>(key));
    }

    [Fact]
    public async Task Deleting_removes_the_value()
    {
        var key = Key();
        await Store.SetAsync(key, new Sample(), null);
        Assert.True(await Store.DeleteAsync(key));
        Assert.Null(await Store.GetAsync<Sample>(key));
    }

    [Fact]
    public async Task Counters_count_concurrent_increments_and_restart_after_their_window()
    {
        var key = Key();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Store.IncrementAsync(key, TimeSpan.FromSeconds(2))));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Order());
        await PassAsync(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, await Store.IncrementAsync(key, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Counters_kept_as_fields_of_one_key_count_together_and_apart()
    {
        var key = Key();
        Assert.Equal(new long[] { 1, 1 }, await Store.IncrementFieldsAsync(key, ["a", "b"], TimeSpan.FromMinutes(1)));
        Assert.Equal(new long[] { 2 }, await Store.IncrementFieldsAsync(key, ["a"], TimeSpan.FromMinutes(1)));
        Assert.Equal(new long[] { 3, 2, 1 }, await Store.IncrementFieldsAsync(key, ["a", "b", "c"], TimeSpan.FromMinutes(1)));
        Assert.Equal(new long[] { 1 }, await Store.IncrementFieldsAsync(Key(), ["a"], TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Counters_kept_as_fields_count_concurrently_without_losing_one()
    {
        var key = Key();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Store.IncrementFieldsAsync(key, ["x", "y"], TimeSpan.FromMinutes(1))));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), results.Select(r => r[0]).Order());
        Assert.All(results, r => Assert.Equal(r[0], r[1]));
    }

    [Fact]
    public async Task Counters_kept_as_fields_expire_a_ttl_after_their_key_was_made_not_after_their_last_count()
    {
        // Made at 0 s with a 4 s ttl, counted again at 2 s: gone at 4.5 s, so the next count starts again.
        var key = Key();
        await Store.IncrementFieldsAsync(key, ["a"], TimeSpan.FromSeconds(4));
        await PassAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(new long[] { 2, 1 }, await Store.IncrementFieldsAsync(key, ["a", "b"], TimeSpan.FromSeconds(4)));
        await PassAsync(TimeSpan.FromSeconds(2.5));
        Assert.Equal(new long[] { 1, 1 }, await Store.IncrementFieldsAsync(key, ["a", "b"], TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public async Task Adding_to_a_counter_makes_it_with_its_ttl_and_then_adds()
    {
        var key = Key();
        Assert.Equal(5, await Store.AddAsync(key, 5, TimeSpan.FromSeconds(2)));
        Assert.Equal(7, await Store.AddAsync(key, 2, TimeSpan.FromSeconds(2)));
        Assert.Equal(7, await Store.GetCountAsync(key));
        await PassAsync(TimeSpan.FromSeconds(2.5));
        Assert.Equal(0, await Store.GetCountAsync(key));
    }

    [Fact]
    public async Task A_capped_list_keeps_the_newest_first()
    {
        var key = Key();
        for (var i = 0; i < 5; i++) await Store.AppendAsync(key, new Sample { Count = i }, maxLength: 3);
        var recent = await Store.RecentAsync<Sample>(key, 10);
        Assert.Equal([4, 3, 2], recent.Select(s => s.Count));
    }

    [Fact]
    public async Task A_capped_list_with_a_ttl_expires_after_its_newest_entry()
    {
        var key = Key();
        // Seconds apart, with a second and a half of slack each way: a loaded machine runs late.
        await Store.AppendAsync(key, new Sample { Count = 1 }, maxLength: 10, ttl: TimeSpan.FromSeconds(3));
        await PassAsync(TimeSpan.FromSeconds(1.5));
        await Store.AppendAsync(key, new Sample { Count = 2 }, maxLength: 10, ttl: TimeSpan.FromSeconds(3));
        await PassAsync(TimeSpan.FromSeconds(1.5));
        Assert.Equal([2, 1], (await Store.RecentAsync<Sample>(key, 10)).Select(s => s.Count)); // the second append renewed it
        await PassAsync(TimeSpan.FromSeconds(1.7));
        Assert.Empty(await Store.RecentAsync<Sample>(key, 10));
    }
}

public abstract class DocumentRegisterContract
{
    protected abstract IDocumentRegister Register { get; }

    private static RegisteredDocument Doc(string number, params string[] phones) => new()
    {
        Type = "national_id", Number = number, HolderName = "Achieng Ouma", Phones = phones, CentreId = "nairobi-gpo",
        Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC1", AppliedOn = new DateOnly(2026, 1, 2),
    };

    private static string Number() => Random.Shared.Next(10_000_000, 99_999_999).ToString();
    private static string Phone() => $"+2547{Random.Shared.Next(10_000_000, 99_999_999)}";

    [Fact]
    public async Task A_document_is_found_by_type_and_number_with_every_field()
    {
        var doc = Doc(Number(), Phone());
        await Register.UpsertAsync(doc);
        var found = await Register.FindAsync("national_id", doc.Number);
        Assert.NotNull(found);
        Assert.Equal(doc.HolderName, found.HolderName);
        Assert.Equal(doc.Phones, found.Phones);
        Assert.Equal(doc.AppliedOn, found.AppliedOn);
        Assert.Null(await Register.FindAsync("birth_certificate", doc.Number));
    }

    [Theory]
    [InlineData(DocumentStatus.InProcess)]
    [InlineData(DocumentStatus.ReadyForCollection)]
    [InlineData(DocumentStatus.Collected)]
    [InlineData(DocumentStatus.Returned)]
    public async Task Every_status_reads_back_as_written(DocumentStatus status)
    {
        var doc = Doc(Number(), Phone()) with { Status = status };
        await Register.UpsertAsync(doc);
        Assert.Equal(status, (await Register.FindAsync("national_id", doc.Number))?.Status);
    }

    [Fact]
    public async Task Documents_are_found_by_any_phone_on_record_and_not_by_a_phone_removed()
    {
        var (a, b) = (Phone(), Phone());
        var doc = Doc(Number(), a, b);
        await Register.UpsertAsync(doc);
        Assert.Single(await Register.FindByPhoneAsync(b));

        await Register.UpsertAsync(doc with { Phones = [a] });
        Assert.Single(await Register.FindByPhoneAsync(a));
        Assert.Empty(await Register.FindByPhoneAsync(b));
    }

    [Fact]
    public async Task A_phone_on_record_for_several_documents_finds_every_one()
    {
        // On a cluster the documents' keys fall in different hash slots: they cannot be read in one MGET.
        var phone = Phone();
        var docs = Enumerable.Range(0, 6).Select(_ => Doc(Number(), phone)).DistinctBy(d => d.Number).ToList();
        foreach (var doc in docs) await Register.UpsertAsync(doc);
        Assert.Equal(docs.Select(d => d.Number).Order(), (await Register.FindByPhoneAsync(phone)).Select(d => d.Number).Order());
    }

    [Fact]
    public async Task A_scan_yields_every_document_once()
    {
        // On a cluster the documents are spread over the primaries: a scan visits each, and no replica.
        var docs = Enumerable.Range(0, 12).Select(_ => Doc(Number(), Phone())).DistinctBy(d => d.Number).ToList();
        await Register.UpsertManyAsync(docs);
        var numbers = new List<string>();
        await foreach (var doc in Register.ScanAsync()) numbers.Add(doc.Number);
        Assert.All(docs, d => Assert.Single(numbers, n => n == d.Number));
    }

    [Fact]
    public async Task Upserting_the_same_documents_again_changes_nothing()
    {
        var before = await Register.CountAsync();
        var docs = Enumerable.Range(0, 20).Select(_ => Doc(Number(), Phone())).DistinctBy(d => d.Number).ToList();
        await Register.UpsertManyAsync(docs);
        await Register.UpsertManyAsync(docs);
        Assert.Equal(before + docs.Count, await Register.CountAsync());
        await Register.UpsertAsync(docs[0] with { Status = DocumentStatus.Collected });
        Assert.Equal(before + docs.Count, await Register.CountAsync());
        Assert.Equal(DocumentStatus.Collected, (await Register.FindAsync("national_id", docs[0].Number))!.Status);
    }
}

public abstract class EscalationStoreContract
{
    protected abstract IEscalationStore Escalations { get; }
    /// <summary>The same tickets through a store that tells the time by <paramref name="clock"/>.</summary>
    protected abstract IEscalationStore WithClock(TimeProvider clock);

    /// <summary>A channel of the test's own: other tests share the store, and the figures are per channel.</summary>
    private static string NewChannel() => "t" + Guid.NewGuid().ToString("N")[..8];

    private async Task<EscalationQueueFigures?> QueueOf(string channel) => (await Escalations.QueueFiguresAsync()).SingleOrDefault(q => q.Channel == channel);

    private async Task<EscalationDayFigures> DayOf(string channel, DateOnly day, IEscalationStore? store = null) =>
        (await (store ?? Escalations).DayFiguresAsync(day)).SingleOrDefault(d => d.Channel == channel) ?? EscalationDayFigures.Empty(channel);

    [Fact]
    public async Task Waiting_tickets_come_oldest_first_with_what_assignment_matches_on_and_held_counts_follow_their_holders()
    {
        var (channel, agent) = (NewChannel(), "agent-" + Guid.NewGuid().ToString("N")[..8]);
        var made = new List<Escalation>();
        foreach (var (language, conversation) in new[] { ("sw", (string?)null), ("en", "conversation-1"), ("en", null) })
        {
            made.Add(await Escalations.CreateAsync(new NewEscalation(channel, "+254722000005", language, "handoff", []) { ConversationId = conversation }));
            await Task.Delay(2); // each a millisecond of its own: the queue orders by milliseconds
        }
        var desk = new EscalationDesk(Escalations, TimeProvider.System);
        await desk.ClaimAsync(made[2].Reference, agent);

        var waiting = await Escalations.WaitingAsync().Where(w => w.Channel == channel).ToListAsync();
        Assert.Equal([(made[0].Reference, "sw", false), (made[1].Reference, "en", true)], waiting.Select(w => (w.Reference, w.Language, w.HasConversation)));
        Assert.Equal(made[0].CreatedAt.ToUnixTimeMilliseconds(), waiting[0].CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(new HeldTickets(0, 1), (await Escalations.HeldAsync())[agent]);
        await desk.ClaimAsync(made[1].Reference, agent);
        Assert.Equal(new HeldTickets(1, 1), (await Escalations.HeldAsync())[agent]);
        await desk.ResolveAsync(made[1].Reference, agent, "answered");
        await desk.ReleaseAsync(made[2].Reference, agent);
        Assert.False((await Escalations.HeldAsync()).ContainsKey(agent));
    }

    [Fact]
    public async Task A_phones_tickets_come_newest_first_capped_counted_once_per_idempotency_key_and_without_another_phones()
    {
        var phone = "+254700" + Random.Shared.Next(100_000, 999_999);
        var other = "+254711" + Random.Shared.Next(100_000, 999_999);
        var made = new List<Escalation>();
        for (var i = 0; i < EscalationPhoneIndex.Kept + 3; i++)
        {
            made.Add(await Escalations.CreateAsync(new NewEscalation("sms", phone, "en", "sms-agent", [], IdempotencyKey: $"k:{phone}:{i}")));
            await Task.Delay(2); // each a millisecond of its own: the index orders by milliseconds
        }
        await Escalations.CreateAsync(new NewEscalation("sms", phone, "en", "sms-agent", [], IdempotencyKey: $"k:{phone}:{made.Count - 1}")); // a retry
        await Escalations.CreateAsync(new NewEscalation("sms", other, "en", "sms-agent", []));

        var listed = await Escalations.ListByPhoneAsync(phone);
        Assert.Equal(made.AsEnumerable().Reverse().Take(EscalationPhoneIndex.Kept).Select(t => t.Reference), listed.Select(t => t.Reference));
        Assert.Equal(made.AsEnumerable().Reverse().Take(3).Select(t => t.Reference), (await Escalations.ListByPhoneAsync(phone, 3)).Select(t => t.Reference));
        Assert.Single(await Escalations.ListByPhoneAsync(other));
        Assert.Empty(await Escalations.ListByPhoneAsync("+254799000000"));
    }

    [Fact]
    public async Task The_queue_figures_follow_a_channels_tickets_as_they_are_claimed_released_and_resolved()
    {
        var channel = NewChannel();
        var desk = Desk();
        var tickets = new List<Escalation>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add(await Escalations.CreateAsync(new NewEscalation(channel, "+254722000700", "en", "callback", [])));
            await Task.Delay(3); // each a millisecond of its own: the queues keep milliseconds
        }
        long Ms(Escalation t) => t.CreatedAt.ToUnixTimeMilliseconds();
        Assert.Equal((3L, Ms(tickets[0]), 0L), await QueueOf(channel) is { } q0 ? (q0.Waiting, q0.OldestWaitingSince!.Value.ToUnixTimeMilliseconds(), q0.Claimed) : default);

        await desk.ClaimAsync(tickets[0].Reference, "amina");
        Assert.Equal((2L, Ms(tickets[1]), 1L), await QueueOf(channel) is { } q1 ? (q1.Waiting, q1.OldestWaitingSince!.Value.ToUnixTimeMilliseconds(), q1.Claimed) : default);

        await desk.ReleaseAsync(tickets[0].Reference, "amina"); // back in its place: the longest wait is its again
        Assert.Equal((3L, Ms(tickets[0]), 0L), await QueueOf(channel) is { } q2 ? (q2.Waiting, q2.OldestWaitingSince!.Value.ToUnixTimeMilliseconds(), q2.Claimed) : default);

        await desk.ClaimAsync(tickets[0].Reference, "otieno");
        await desk.TransferAsync(tickets[0].Reference, "otieno", "amina");
        await desk.ResolveAsync(tickets[0].Reference, "amina", "answered");
        await desk.WithdrawAsync(tickets[1].Reference);
        Assert.Equal((1L, Ms(tickets[2]), 0L), await QueueOf(channel) is { } q3 ? (q3.Waiting, q3.OldestWaitingSince!.Value.ToUnixTimeMilliseconds(), q3.Claimed) : default);

        await desk.WithdrawAsync(tickets[2].Reference);
        Assert.Null(await QueueOf(channel));
    }

    [Fact]
    public async Task A_resolve_and_a_rating_count_once_in_the_days_figures_however_often_they_are_tried()
    {
        var channel = NewChannel();
        var desk = Desk();
        var ticket = await Escalations.CreateAsync(new NewEscalation(channel, null, "en", "handoff", []));
        await desk.ClaimAsync(ticket.Reference, "amina");
        var claimed = (await Escalations.GetAsync(ticket.Reference))!;
        var resolved = claimed with { Status = EscalationStatus.Resolved, ResolvedAt = claimed.ClaimedAt!.Value.AddSeconds(90), Resolution = "answered" };
        // The same resolve sent twelve times at once, as after a reply lost in a failover: one lands.
        var tries = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => Escalations.ReplaceAsync(claimed, resolved))));
        Assert.Single(tries, landed => landed);
        Assert.Equal(DeskOutcome.AlreadyResolved, (await desk.ResolveAsync(ticket.Reference, "amina", "answered")).Outcome);
        var ratings = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => desk.RateAsync(ticket.Reference, 4))));
        Assert.Single(ratings, r => r.Succeeded);

        var day = await DayOf(channel, EscalationTally.DayOf(resolved.ResolvedAt!.Value));
        Assert.Equal((1L, 0L, 1L, 4L), (day.Handled, day.Withdrawn, day.Ratings, day.RatingSum));
        Assert.Equal((claimed.ClaimedAt!.Value - claimed.CreatedAt).Ticks, day.WaitTicks);
        Assert.Equal(TimeSpan.FromSeconds(90).Ticks, day.HandleTicks);
        Assert.Equal([0L, 0, 0, 1, 0], day.RatingCounts);
    }

    [Fact]
    public async Task A_ticket_asked_for_again_with_its_key_is_opened_once_in_the_days_figures()
    {
        var channel = NewChannel();
        var request = new NewEscalation(channel, "+254722000701", "en", "callback", [], IdempotencyKey: "dup:" + Guid.NewGuid().ToString("N"));
        var tickets = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Escalations.CreateAsync(request))));
        Assert.Equal(1, (await DayOf(channel, EscalationTally.DayOf(tickets[0].CreatedAt))).Opened);
        Assert.Equal(1L, (await QueueOf(channel))!.Waiting);
    }

    [Fact]
    public async Task Openings_count_on_the_day_made_and_resolves_and_later_ratings_on_the_day_resolved_in_nairobi()
    {
        var channel = NewChannel();
        // 23:30 in Nairobi on 9 March; resolved at 00:10 on the 10th, rated on the 11th.
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 9, 20, 30, 0, TimeSpan.Zero));
        var store = WithClock(clock);
        var desk = new EscalationDesk(store, clock);
        var late = await store.CreateAsync(new NewEscalation(channel, null, "en", "handoff", []));
        var left = await store.CreateAsync(new NewEscalation(channel, null, "sw", "handoff", []));
        clock.Advance(TimeSpan.FromMinutes(30));
        await desk.ClaimAsync(late.Reference, "amina");
        clock.Advance(TimeSpan.FromMinutes(10));
        await desk.ResolveAsync(late.Reference, "amina", "answered");
        await desk.WithdrawAsync(left.Reference);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await desk.RateAsync(late.Reference, 2)).Succeeded);

        var (ninth, tenth, eleventh) = (new DateOnly(2031, 3, 9), new DateOnly(2031, 3, 10), new DateOnly(2031, 3, 11));
        var d9 = await DayOf(channel, ninth, store);
        Assert.Equal((2L, 0L, 0L, 0L), (d9.Opened, d9.Handled, d9.Withdrawn, d9.Ratings));
        var d10 = await DayOf(channel, tenth, store);
        Assert.Equal((0L, 1L, 1L, TimeSpan.FromMinutes(30).Ticks, TimeSpan.FromMinutes(10).Ticks, 1L, 2L),
            (d10.Opened, d10.Handled, d10.Withdrawn, d10.WaitTicks, d10.HandleTicks, d10.Ratings, d10.RatingSum));
        Assert.Equal([0L, 1, 0, 0, 0], d10.RatingCounts);
        Assert.Equal(0L, (await DayOf(channel, eleventh, store)).Ratings);
    }

    [Fact]
    public async Task A_range_of_days_sums_each_channels_and_each_agents_counts_and_leaves_out_the_days_outside_it()
    {
        var channel = NewChannel();
        var (amina, otieno) = ("amina-" + channel, "otieno-" + channel);
        // 10:00 in Nairobi on 1 April; the range is the 1st and 2nd, and the 3rd is outside it.
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 4, 1, 7, 0, 0, TimeSpan.Zero));
        var store = WithClock(clock);
        var desk = new EscalationDesk(store, clock);
        async Task HandleAsync(string agent, int waitSeconds, int handleSeconds, int? rating, string? transferTo = null)
        {
            var ticket = await store.CreateAsync(new NewEscalation(channel, null, "en", "handoff", []));
            clock.Advance(TimeSpan.FromSeconds(waitSeconds));
            await desk.ClaimAsync(ticket.Reference, agent);
            clock.Advance(TimeSpan.FromSeconds(handleSeconds));
            if (transferTo is not null) await desk.TransferAsync(ticket.Reference, agent, transferTo);
            Assert.True((await desk.ResolveAsync(ticket.Reference, transferTo ?? agent, "answered")).Succeeded);
            if (rating is { } r) Assert.True((await desk.RateAsync(ticket.Reference, r)).Succeeded);
        }

        await HandleAsync(amina, 60, 120, 5);
        await HandleAsync(otieno, 30, 300, 3);
        clock.Advance(TimeSpan.FromDays(1));
        await HandleAsync(amina, 10, 240, 4);
        // Handed over: Otieno resolved it, so it is his, timed from Amina's claim.
        await HandleAsync(amina, 10, 100, null, transferTo: otieno);
        var left = await store.CreateAsync(new NewEscalation(channel, null, "en", "handoff", []));
        await desk.WithdrawAsync(left.Reference);
        clock.Advance(TimeSpan.FromDays(1));
        await HandleAsync(amina, 5, 50, 1);

        var (first, second) = (new DateOnly(2031, 4, 1), new DateOnly(2031, 4, 2));
        var both = await store.RangeFiguresAsync(first, second);
        var counted = Assert.Single(both.Channels, c => c.Channel == channel);
        Assert.Equal((5L, 4L, 1L, TimeSpan.FromSeconds(760).Ticks, 3L, 12L), (counted.Opened, counted.Handled, counted.Withdrawn, counted.HandleTicks,
            counted.Ratings, counted.RatingSum));
        Assert.Equal([0L, 0, 1, 1, 1], counted.RatingCounts);
        Assert.Equal(new EscalationAgentFigures(amina, 2, TimeSpan.FromSeconds(360).Ticks, 2, 9), Assert.Single(both.Agents, a => a.Agent == amina));
        Assert.Equal(new EscalationAgentFigures(otieno, 2, TimeSpan.FromSeconds(400).Ticks, 1, 3), Assert.Single(both.Agents, a => a.Agent == otieno));

        var secondOnly = await store.RangeFiguresAsync(second, second);
        Assert.Equal(new EscalationAgentFigures(amina, 1, TimeSpan.FromSeconds(240).Ticks, 1, 4), Assert.Single(secondOnly.Agents, a => a.Agent == amina));
        // A year's range reads the same counts (and the third day's too).
        var year = await store.RangeFiguresAsync(first.AddDays(-362), second.AddDays(1));
        Assert.Equal((3L, TimeSpan.FromSeconds(410).Ticks, 3L, 10L), Assert.Single(year.Agents, a => a.Agent == amina) is var y
            ? (y.Handled, y.HandleTicks, y.Ratings, y.RatingSum) : default);
        // The per-agent fields do not show as channels in the day's figures.
        Assert.DoesNotContain(await store.DayFiguresAsync(first), d => d.Channel.Contains(channel + "@") || d.Channel.Contains(amina));
    }

    [Fact]
    public async Task Tickets_resolved_between_two_instants_come_oldest_first_across_days_and_no_others()
    {
        var channel = NewChannel();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 6, 1, 6, 0, 0, TimeSpan.Zero));
        var store = WithClock(clock);
        var desk = new EscalationDesk(store, clock);
        async Task<string> ResolveAsync(TimeSpan after)
        {
            var ticket = await store.CreateAsync(new NewEscalation(channel, "+254722000711", "en", "callback", []));
            await desk.ClaimAsync(ticket.Reference, "amina");
            clock.Advance(after);
            await desk.ResolveAsync(ticket.Reference, "amina", "called-back");
            return ticket.Reference;
        }
        var start = clock.GetUtcNow();
        var atStart = await ResolveAsync(TimeSpan.Zero); // resolved at the start itself: included
        var inside = new List<string> { atStart };
        for (var i = 0; i < 7; i++) inside.Add(await ResolveAsync(TimeSpan.FromHours(9)));
        var end = clock.GetUtcNow().AddSeconds(1);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ResolveAsync(TimeSpan.Zero); // at the end: excluded
        var open = await store.CreateAsync(new NewEscalation(channel, "+254722000712", "en", "callback", []));

        var read = new List<string>();
        await foreach (var ticket in store.ResolvedBetweenAsync(start, end))
            if (ticket.Channel == channel) read.Add(ticket.Reference);
        Assert.Equal(inside, read);
        Assert.DoesNotContain(after, read);
        Assert.DoesNotContain(open.Reference, read);
    }

    [Fact]
    public async Task Tickets_get_unique_references_even_when_created_at_once()
    {
        var tickets = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            Escalations.CreateAsync(new NewEscalation("ussd", "+254711000001", "en", "callback", [$"main:{i}"]))));
        Assert.Equal(30, tickets.Select(t => t.Reference).Distinct().Count());
        Assert.All(tickets, t => Assert.Matches("^HK[0-9]{6}$", t.Reference));
    }

    [Fact]
    public async Task Asking_twice_with_the_same_key_at_once_makes_one_ticket()
    {
        var key = "ussd:ATUid_" + Guid.NewGuid().ToString("N") + ":callback";
        var request = new NewEscalation("ussd", "+254722000003", "en", "callback", ["main:4"], IdempotencyKey: key);
        var tickets = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Escalations.CreateAsync(request)));
        Assert.Single(tickets.Select(t => t.Reference).Distinct());
        Assert.Single(await Escalations.ListOpenAsync(10_000), t => t.Msisdn == "+254722000003");

        var other = await Escalations.CreateAsync(request with { IdempotencyKey = key + ":other" });
        Assert.NotEqual(tickets[0].Reference, other.Reference);
    }

    [Fact]
    public async Task Only_the_request_that_made_a_ticket_is_told_it_is_new()
    {
        var key = "sms:SM" + Guid.NewGuid().ToString("N");
        var request = new NewEscalation("sms", "+254722000004", "en", "sms-agent", [], IdempotencyKey: key);
        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Escalations.OpenAsync(request)));
        Assert.Single(opened, o => o.IsNew);
        Assert.Single(opened.Select(o => o.Ticket.Reference).Distinct());
        Assert.False((await Escalations.OpenAsync(request)).IsNew);
        Assert.True((await Escalations.OpenAsync(request with { IdempotencyKey = null })).IsNew);
    }

    [Fact]
    public async Task The_open_queue_lists_the_whole_desks_tickets_oldest_first()
    {
        var phone = "+2547229" + Random.Shared.Next(10_000, 99_999);
        var made = new List<string>();
        for (var i = 0; i < 30; i++)
            made.Add((await Escalations.CreateAsync(new NewEscalation("sms", phone, "en", "sms-agent", [], IdempotencyKey: i % 2 == 0 ? $"fifo:{Guid.NewGuid():N}" : null))).Reference);
        var listed = (await Escalations.ListOpenAsync(10_000)).Where(t => t.Msisdn == phone).Select(t => t.Reference).ToList();
        Assert.Equal(made, listed);
        Assert.Equal(made.Take(5), (await Escalations.ListOpenAsync(10_000)).Where(t => t.Msisdn == phone).Take(5).Select(t => t.Reference));
    }

    [Fact]
    public async Task A_ticket_keeps_its_context_and_is_listed_as_open()
    {
        var ticket = await Escalations.CreateAsync(new NewEscalation("ussd", "+254722000002", "sw", "callback",
            ["main:1", "status.type:national_id"], "national_id", "12345678"));
        var read = await Escalations.GetAsync(ticket.Reference);
        Assert.Equal(["main:1", "status.type:national_id"], read!.Path);
        Assert.Equal("sw", read.Language);
        Assert.Equal("12345678", read.DocumentNumber);
        Assert.Contains(await Escalations.ListOpenAsync(1000), t => t.Reference == ticket.Reference);
    }

    private EscalationDesk Desk() => new(Escalations, TimeProvider.System);

    [Fact]
    public async Task Of_agents_claiming_a_ticket_at_once_exactly_one_gets_it()
    {
        var ticket = await Escalations.CreateAsync(new NewEscalation("chat", null, "en", "handoff", ["main:4"]) { ConversationId = "c1" });
        var desk = Desk();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => desk.ClaimAsync(ticket.Reference, $"agent{i}"))));
        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(DeskOutcome.TakenByAnother, r.Outcome));
        var read = await Escalations.GetAsync(ticket.Reference);
        Assert.Equal(EscalationStatus.Claimed, read!.Status);
        Assert.Equal(winner.Ticket!.Agent, read.Agent);
        Assert.DoesNotContain(await Escalations.ListOpenAsync(10_000), t => t.Reference == ticket.Reference);
        Assert.Contains(await Escalations.ListClaimedAsync(10_000), t => t.Reference == ticket.Reference);
    }

    [Fact]
    public async Task Waiting_and_claimed_tickets_are_counted_however_many_there_are()
    {
        var (open, claimed) = (await Escalations.CountAsync(EscalationStatus.Open), await Escalations.CountAsync(EscalationStatus.Claimed));
        var tickets = new List<Escalation>();
        for (var i = 0; i < 3; i++) tickets.Add(await Escalations.CreateAsync(new NewEscalation("sms", "+254722000888", "en", "sms-agent", [])));
        await Desk().ClaimAsync(tickets[0].Reference, "amina");
        // Other tests run beside this one on the same store: at least ours, counted.
        Assert.True(await Escalations.CountAsync(EscalationStatus.Open) >= open + 2);
        Assert.True(await Escalations.CountAsync(EscalationStatus.Claimed) >= claimed + 1);
    }

    [Fact]
    public async Task A_ticket_goes_back_to_the_queue_in_its_place_and_leaves_both_queues_when_resolved()
    {
        var first = await Escalations.CreateAsync(new NewEscalation("sms", "+254722000009", "sw", "sms-agent", []));
        var second = await Escalations.CreateAsync(new NewEscalation("sms", "+254722000010", "sw", "sms-agent", []));
        var desk = Desk();
        Assert.True((await desk.ClaimAsync(first.Reference, "amina")).Succeeded);
        Assert.Equal(DeskOutcome.NotClaimedByYou, (await desk.ResolveAsync(first.Reference, "otieno", "answered")).Outcome);
        Assert.True((await desk.ReleaseAsync(first.Reference, "amina")).Succeeded);
        var open = (await Escalations.ListOpenAsync(10_000)).Select(t => t.Reference).ToList();
        Assert.True(open.IndexOf(first.Reference) < open.IndexOf(second.Reference), "released ticket keeps its place ahead of a newer one");

        Assert.True((await desk.ClaimAsync(first.Reference, "otieno")).Succeeded);
        var resolved = await desk.ResolveAsync(first.Reference, "otieno", "answered");
        Assert.Equal("answered", resolved.Ticket!.Resolution);
        Assert.Equal(DeskOutcome.AlreadyResolved, (await desk.ClaimAsync(first.Reference, "amina")).Outcome);
        Assert.DoesNotContain(await Escalations.ListOpenAsync(10_000), t => t.Reference == first.Reference);
        Assert.DoesNotContain(await Escalations.ListClaimedAsync(10_000), t => t.Reference == first.Reference);
        Assert.Equal(EscalationStatus.Resolved, (await Escalations.GetAsync(first.Reference))!.Status);
    }

    [Fact]
    public async Task A_citizen_rates_a_resolved_ticket_once_and_not_one_they_withdrew()
    {
        var desk = Desk();
        var ticket = await Escalations.CreateAsync(new NewEscalation("chat", null, "en", "chat-handoff", []));
        Assert.False((await desk.RateAsync(ticket.Reference, 5)).Succeeded); // still waiting
        await desk.ClaimAsync(ticket.Reference, "amina");
        await desk.ResolveAsync(ticket.Reference, "amina", "answered");
        Assert.True((await desk.RateAsync(ticket.Reference, 4)).Succeeded);
        Assert.False((await desk.RateAsync(ticket.Reference, 1)).Succeeded);
        Assert.Equal(4, (await Escalations.GetAsync(ticket.Reference))!.Rating);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => desk.RateAsync(ticket.Reference, 6));

        var withdrawn = await Escalations.CreateAsync(new NewEscalation("chat", null, "en", "chat-handoff", []));
        await desk.WithdrawAsync(withdrawn.Reference);
        Assert.False((await desk.RateAsync(withdrawn.Reference, 5)).Succeeded);
    }

    [Fact]
    public async Task Resolved_tickets_are_listed_by_when_they_were_resolved()
    {
        var desk = Desk();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var ticket = await Escalations.CreateAsync(new NewEscalation("ussd", "+254722000321", "en", "callback", []));
        Assert.DoesNotContain(await Escalations.ListResolvedAsync(before), t => t.Reference == ticket.Reference);
        await desk.ClaimAsync(ticket.Reference, "amina");
        await desk.ResolveAsync(ticket.Reference, "amina", "called-back");
        Assert.Contains(await Escalations.ListResolvedAsync(before), t => t.Reference == ticket.Reference && t.Resolution == "called-back");
        Assert.DoesNotContain(await Escalations.ListResolvedAsync(DateTimeOffset.UtcNow.AddMinutes(1)), t => t.Reference == ticket.Reference);
    }

    [Fact]
    public async Task Call_back_attempts_are_kept_on_the_ticket_by_the_agent_holding_it_only()
    {
        var desk = Desk();
        var ticket = await Escalations.CreateAsync(new NewEscalation("ussd", "+254722000444", "sw", "callback", ["main:4"]));
        Assert.Equal(DeskOutcome.NotClaimedByYou, (await desk.LogCallAsync(ticket.Reference, "amina", CallOutcomes.NoAnswer, null)).Outcome);
        await desk.ClaimAsync(ticket.Reference, "amina");
        await desk.LogCallAsync(ticket.Reference, "amina", CallOutcomes.NoAnswer, "rang 10 times");
        Assert.Equal(DeskOutcome.NotClaimedByYou, (await desk.LogCallAsync(ticket.Reference, "otieno", CallOutcomes.Reached, null)).Outcome);
        await desk.ReleaseAsync(ticket.Reference, "amina");
        await desk.ClaimAsync(ticket.Reference, "otieno");
        await desk.LogCallAsync(ticket.Reference, "otieno", CallOutcomes.Reached, null);
        var read = await Escalations.GetAsync(ticket.Reference);
        Assert.Equal([("amina", "no-answer", "rang 10 times"), ("otieno", "reached", (string?)null)], read!.Calls.Select(c => (c.Agent, c.Outcome, c.Note)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => desk.LogCallAsync(ticket.Reference, "otieno", "maybe", null));
    }

    [Fact]
    public async Task Tickets_resolved_before_a_time_are_purged_and_no_others()
    {
        var desk = Desk();
        var old = await Escalations.CreateAsync(new NewEscalation("sms", "+254722000555", "en", "sms-agent", []));
        var waiting = await Escalations.CreateAsync(new NewEscalation("sms", "+254722000556", "en", "sms-agent", []));
        await desk.ClaimAsync(old.Reference, "amina");
        await desk.ResolveAsync(old.Reference, "amina", "answered");
        await Task.Delay(20);
        var cut = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var recent = await Escalations.CreateAsync(new NewEscalation("sms", "+254722000557", "en", "sms-agent", []));
        await desk.ClaimAsync(recent.Reference, "amina");
        await desk.ResolveAsync(recent.Reference, "amina", "answered");

        Assert.True(await Escalations.PurgeResolvedAsync(cut) >= 1);
        Assert.Null(await Escalations.GetAsync(old.Reference));
        Assert.DoesNotContain(await Escalations.ListResolvedAsync(DateTimeOffset.MinValue), t => t.Reference == old.Reference);
        Assert.NotNull(await Escalations.GetAsync(recent.Reference));
        Assert.NotNull(await Escalations.GetAsync(waiting.Reference));
        Assert.Equal(0, await Escalations.PurgeResolvedAsync(cut));
    }

    [Fact]
    public async Task A_stale_copy_does_not_overwrite_a_newer_ticket()
    {
        var ticket = await Escalations.CreateAsync(new NewEscalation("chat", null, "en", "handoff", [])
            { Transcript = [new TranscriptLine(DateTimeOffset.UnixEpoch, "citizen", "hello")] });
        var read = (await Escalations.GetAsync(ticket.Reference))!;
        Assert.True(await Escalations.ReplaceAsync(read, read with { Status = EscalationStatus.Claimed, Agent = "a" }));
        Assert.False(await Escalations.ReplaceAsync(read, read with { Status = EscalationStatus.Claimed, Agent = "b" }));
        Assert.Equal("a", (await Escalations.GetAsync(ticket.Reference))!.Agent);
        Assert.Equal("hello", Assert.Single((await Escalations.GetAsync(ticket.Reference))!.Transcript).Text);
    }
}

public sealed class InMemoryStateStoreTests : StateStoreContract
{
    private readonly FakeTimeProvider _clock = new();
    public InMemoryStateStoreTests() => Store = new InMemoryStateStore(_clock);
    protected override IStateStore Store { get; }
    protected override Task PassAsync(TimeSpan time)
    {
        _clock.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class RedisStateStoreTests(RedisServer redis) : StateStoreContract, IClassFixture<RedisServer>
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);

    [Fact]
    public async Task Counters_kept_as_fields_are_one_hash_that_redis_expires_even_when_another_host_made_it()
    {
        var key = "test:" + Guid.NewGuid().ToString("N");
        var db = redis.Connection.GetDatabase();
        // Another host counted first and its expiry was lost: this store's first count sets one.
        await db.HashIncrementAsync("huduma:" + key, "a");
        await Store.IncrementFieldsAsync(key, ["a", "b"], TimeSpan.FromMinutes(10));
        Assert.Equal(2, (long)await db.HashGetAsync("huduma:" + key, "a"));
        Assert.InRange((await db.KeyTimeToLiveAsync("huduma:" + key))!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }
}

public sealed class InMemoryDocumentRegisterTests : DocumentRegisterContract
{
    protected override IDocumentRegister Register { get; } = new InMemoryDocumentRegister();
}

public sealed class RedisDocumentRegisterTests(RedisServer redis) : DocumentRegisterContract, IClassFixture<RedisServer>
{
    protected override IDocumentRegister Register { get; } = new RedisDocumentRegister(redis.Connection);
}

public sealed class InMemoryEscalationStoreTests : EscalationStoreContract
{
    protected override IEscalationStore Escalations { get; } = new InMemoryEscalationStore(TimeProvider.System);
    // One process, one store: a clock of its own means a store of its own (the figures asked of it are its own tickets').
    protected override IEscalationStore WithClock(TimeProvider clock) => new InMemoryEscalationStore(clock);
}

public sealed class RedisEscalationStoreTests(RedisServer redis) : EscalationStoreContract, IClassFixture<RedisServer>
{
    protected override IEscalationStore Escalations { get; } = new RedisEscalationStore(redis.Connection, TimeProvider.System);
    protected override IEscalationStore WithClock(TimeProvider clock) => new RedisEscalationStore(redis.Connection, clock);

    [Fact]
    public async Task A_years_figures_are_read_with_one_script_a_bucket_and_no_key_scan()
    {
        var today = EscalationTally.DayOf(DateTimeOffset.UtcNow);
        var ticket = await Escalations.CreateAsync(new NewEscalation("t" + Guid.NewGuid().ToString("N")[..8], null, "en", "handoff", []));
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServers().Single();
        async Task<Dictionary<string, long>> CallsAsync() => (await server.InfoAsync("commandstats")).SelectMany(g => g)
            .ToDictionary(kv => kv.Key.Replace("cmdstat_", ""), kv => long.Parse(kv.Value.Split(',')[0].Split('=')[1]));
        await Escalations.RangeFiguresAsync(today, today); // the script loaded

        var before = await CallsAsync();
        var year = await Escalations.RangeFiguresAsync(today.AddDays(-365), today);
        var after = await CallsAsync();
        long Delta(string command) => after.GetValueOrDefault(command) - before.GetValueOrDefault(command);

        Assert.Equal(1, year.Channels.Single(c => c.Channel == ticket.Channel).Opened);
        Assert.Equal(RedisBuckets.Count, Delta("evalsha") + Delta("eval"));
        // Redis counts the scripts' own calls too: each day's hash of each bucket read once, inside the scripts.
        Assert.Equal(366 * RedisBuckets.Count, Delta("hgetall"));
        Assert.Equal(0, Delta("keys") + Delta("scan") + Delta("get"));
    }

    [Fact]
    public Task Tickets_made_before_the_channels_queues_existed_are_indexed_and_entries_left_stale_by_an_older_host_dropped() =>
        IndexContract.Tickets_made_before_the_channels_queues_existed_are_indexed_and_entries_left_stale_by_an_older_host_dropped(redis.Connection);

    [Fact]
    public async Task A_ticket_stored_by_an_older_version_without_newer_fields_can_still_be_claimed()
    {
        var ticket = await Escalations.CreateAsync(new NewEscalation("ussd", "+254722000666", "en", "callback", ["main:4"]));
        // As an earlier release wrote it: no transcript, no calls.
        var key = "huduma:" + new RedisBuckets("esc").Tag((int)(long.Parse(ticket.Reference[2..]) % RedisBuckets.Count)) + ":ticket:" + ticket.Reference;
        var legacy = $$"""{"reference":"{{ticket.Reference}}","channel":"ussd","msisdn":"+254722000666","language":"en","reason":"callback","path":["main:4"],"createdAt":"{{ticket.CreatedAt:O}}","status":"open"}""";
        await redis.Connection.GetDatabase().StringSetAsync(key, legacy);

        var claim = Task.Run(() => new EscalationDesk(Escalations, TimeProvider.System).ClaimAsync(ticket.Reference, "amina"));
        Assert.Same(claim, await Task.WhenAny(claim, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.True((await claim).Succeeded);
        Assert.Equal("amina", (await Escalations.GetAsync(ticket.Reference))!.Agent);
    }

    [Fact]
    public async Task Tickets_left_in_the_old_one_slot_layout_are_moved_into_their_buckets_and_new_references_stay_above_theirs()
    {
        var db = redis.Connection.GetDatabase();
        // What a host of the previous version left: tickets HK000041 (open) and HK000042 (claimed), counter at 42.
        var sequence = Math.Max(42, (long)await db.StringGetAsync("huduma:{esc}:seq"));
        await db.StringSetAsync("huduma:{esc}:seq", sequence);
        var (open, claimed) = (EscalationReference.Format(sequence - 1), EscalationReference.Format(sequence));
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var (reference, status) in new[] { (open, "open"), (claimed, "claimed") })
        {
            await db.StringSetAsync("huduma:{esc}:ticket:" + reference,
                $$"""{"reference":"{{reference}}","channel":"ussd","msisdn":"+254722000777","language":"en","reason":"callback","path":[],"createdAt":"{{at:O}}","status":"{{status}}","agent":{{(status == "claimed" ? "\"amina\"" : "null")}}}""");
            await db.SortedSetAddAsync("huduma:{esc}:" + status, reference, at.ToUnixTimeMilliseconds());
        }

        var store = new RedisEscalationStore(redis.Connection, TimeProvider.System);
        Assert.True(await store.MoveOneSlotLayoutAsync() >= 2);
        Assert.False(await db.KeyExistsAsync("huduma:{esc}:ticket:" + open));
        Assert.False(await db.KeyExistsAsync("huduma:{esc}:open"));
        Assert.Equal(EscalationStatus.Open, (await store.GetAsync(open))!.Status);
        Assert.Contains(await store.ListOpenAsync(10_000), t => t.Reference == open);
        Assert.Contains(await store.ListClaimedAsync(10_000), t => t.Reference == claimed);
        Assert.True((await new EscalationDesk(store, TimeProvider.System).ResolveAsync(claimed, "amina", "answered")).Succeeded);

        var made = await store.CreateAsync(new NewEscalation("ussd", "+254722000778", "en", "callback", []));
        Assert.True(long.Parse(made.Reference[2..]) > sequence, $"{made.Reference} after {claimed}");
    }
}
