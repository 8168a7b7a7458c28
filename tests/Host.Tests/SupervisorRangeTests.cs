using System.Net;
using System.Net.Http.Json;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The supervisors' figures for any days and the CSV export, over real HTTP on Redis, with the host's clock set
/// by the test (tickets made, claimed, resolved and rated across Nairobi days).
/// </summary>
public sealed class SupervisorRangeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "a supervisor's password";

    private HudumaHost Host(FakeTimeProvider clock) =>
        new(new Dictionary<string, string?> { ["Redis:ConnectionString"] = redis.ConnectionString }) { Overrides = s => s.AddSingleton<TimeProvider>(clock) };

    private static async Task<StaffClient> SignedInAsync(HudumaHost host, string name, string role)
    {
        await host.Services.GetRequiredService<AccountStore>().SaveAsync(name, role, Password);
        var client = StaffClient.Create(host);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(name, Password)).StatusCode);
        return client;
    }

    /// <summary>A ticket opened now, claimed after <paramref name="wait"/>, resolved after <paramref name="handle"/> (null: kept), rated.</summary>
    private static async Task<Escalation> HandledAsync(HudumaHost host, FakeTimeProvider clock, NewEscalation request, string agent, int wait, int? handle,
        int? rating = null)
    {
        var (store, desk) = (host.Services.GetRequiredService<IEscalationStore>(), host.Services.GetRequiredService<EscalationDesk>());
        var ticket = await store.CreateAsync(request);
        clock.Advance(TimeSpan.FromSeconds(wait));
        Assert.True((await desk.ClaimAsync(ticket.Reference, agent)).Succeeded);
        if (handle is not { } seconds) return ticket;
        clock.Advance(TimeSpan.FromSeconds(seconds));
        Assert.True((await desk.ResolveAsync(ticket.Reference, agent, "answered")).Succeeded);
        if (rating is { } r) Assert.True((await desk.RateAsync(ticket.Reference, r)).Succeeded);
        return ticket;
    }

    private static NewEscalation Ticket(string channel, string? phone = null) => new(channel, phone, "en", "handoff", []);

    [Fact]
    public async Task The_figures_for_two_days_sum_each_channel_and_each_agents_handled_count_handling_time_and_satisfaction()
    {
        // 10:00 in Nairobi on 14 July.
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 7, 14, 7, 0, 0, TimeSpan.Zero));
        await using var host = Host(clock);
        var daily = host.Services.GetRequiredService<DailyCounters>();
        async Task ConversationsAsync(string channel, int count) { for (var i = 0; i < count; i++) await daily.CountAsync(DailyCounters.ConversationsStarted(channel)); }

        await HandledAsync(host, clock, Ticket("sms", "+254722000441"), "amina", wait: 60, handle: 120, rating: 5);
        await HandledAsync(host, clock, Ticket("ussd"), "otieno", wait: 30, handle: 300, rating: 2);
        await ConversationsAsync("sms", 3);
        await ConversationsAsync("ussd", 2);
        clock.Advance(TimeSpan.FromDays(1));
        await HandledAsync(host, clock, Ticket("sms"), "amina", wait: 20, handle: 240, rating: 4);
        var left = await host.Services.GetRequiredService<IEscalationStore>().CreateAsync(Ticket("chat"));
        await host.Services.GetRequiredService<EscalationDesk>().WithdrawAsync(left.Reference);
        await HandledAsync(host, clock, Ticket("ussd"), "otieno", wait: 5, handle: null);
        await ConversationsAsync("sms", 1);
        await ConversationsAsync("chat", 4);
        clock.Advance(TimeSpan.FromDays(1));
        await HandledAsync(host, clock, Ticket("sms"), "amina", wait: 1, handle: 30, rating: 1);
        // Signed in now: a sign-in lasts hours, not the days the clock moved.
        var supervisor = await SignedInAsync(host, "mwangi", Roles.Supervisor);

        var both = (await supervisor.Http.GetFromJsonAsync<RangeFigures>("/agents/api/dashboard/range?from=2031-07-14&to=2031-07-15"))!;
        Assert.Equal((new DateOnly(2031, 7, 14), new DateOnly(2031, 7, 15)), (both.From, both.To));
        Assert.Equal(new ChannelToday("sms", 2, 0, 40, 180, 2, 4.5, 4, 2, 0.5), both.Channels.Single(c => c.Channel == "sms"));
        Assert.Equal(new ChannelToday("ussd", 1, 0, 30, 300, 1, 2, 2, 2, 0), both.Channels.Single(c => c.Channel == "ussd"));
        Assert.Equal(new ChannelToday("chat", 0, 1, null, null, 0, null, 4, 1, 0.75), both.Channels.Single(c => c.Channel == "chat"));
        Assert.Equal([0, 1, 0, 1, 1], both.RatingCounts);
        Assert.Equal([new AgentOverDays("amina", 2, 180, 2, 4.5, 0), new AgentOverDays("otieno", 1, 300, 1, 2, 1)], both.Agents);

        // The second day alone; and the third, outside the range above, alone.
        var second = (await supervisor.Http.GetFromJsonAsync<RangeFigures>("/agents/api/dashboard/range?from=2031-07-15&to=2031-07-15"))!;
        Assert.Equal(new AgentOverDays("amina", 1, 240, 1, 4, 0), second.Agents.Single(a => a.Agent == "amina"));
        Assert.Equal(new AgentOverDays("otieno", 0, null, 0, null, 1), second.Agents.Single(a => a.Agent == "otieno"));
        var third = (await supervisor.Http.GetFromJsonAsync<RangeFigures>("/agents/api/dashboard/range?from=2031-07-16&to=2031-07-16"))!;
        Assert.Equal(new AgentOverDays("amina", 1, 30, 1, 1, 0), third.Agents.Single(a => a.Agent == "amina"));
        // Without dates: the last seven days to today (the 16th).
        var week = (await supervisor.Http.GetFromJsonAsync<RangeFigures>("/agents/api/dashboard/range"))!;
        Assert.Equal((new DateOnly(2031, 7, 10), new DateOnly(2031, 7, 16), 3), (week.From, week.To, week.Agents.Single(a => a.Agent == "amina").Handled));
    }

    [Theory]
    [InlineData("from=2031-07-15&to=2031-07-14", "from (2031-07-15) is after to (2031-07-14)")]
    [InlineData("from=2030-07-13&to=2031-07-14", "a range is at most 366 days; 2030-07-13 to 2031-07-14 is 367")]
    [InlineData("from=2031-02-30&to=2031-07-14", "from must be a date as yyyy-MM-dd, not '2031-02-30'")]
    [InlineData("from=2031-07-01&to=14/07/2031", "to must be a date as yyyy-MM-dd, not '14/07/2031'")]
    [InlineData("from=9999-12-25&to=9999-12-31", "to must be from 2000-01-01 to tomorrow, not 9999-12-31")]   // a 500 before: past DateOnly's end
    [InlineData("to=0001-01-03", "to must be from 2000-01-01 to tomorrow, not 0001-01-03")]
    [InlineData("from=0001-01-01&to=2000-01-02", "from must be 2000-01-01 or later, not 0001-01-01")]
    public async Task A_bad_range_is_refused_with_its_reason_for_the_figures_and_the_export(string query, string reason)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 7, 20, 7, 0, 0, TimeSpan.Zero));
        await using var host = Host(clock);
        var supervisor = await SignedInAsync(host, "mwangi", Roles.Supervisor);
        foreach (var path in new[] { "/agents/api/dashboard/range?", "/agents/api/export.csv?" })
        {
            var response = await supervisor.Http.GetAsync(path + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Agents_may_not_read_the_figures_or_export_and_strangers_must_sign_in()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 7, 21, 7, 0, 0, TimeSpan.Zero));
        await using var host = Host(clock);
        var agent = await SignedInAsync(host, "wanjiru", Roles.Agent);
        var admin = await SignedInAsync(host, "achieng", Roles.Admin);
        foreach (var path in new[] { "/agents/api/dashboard/range", "/agents/api/export.csv" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await StaffClient.Create(host).Http.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync(path)).StatusCode);
        }
        // A refused export is not an export: nothing audited for the agent.
        var audit = (await admin.Http.GetFromJsonAsync<AuditPage>("/agents/api/audit?size=500"))!;
        Assert.DoesNotContain(audit.Entries, e => e.What == PersonalDataKinds.Export && e.Who == "wanjiru");
    }

    [Fact]
    public async Task The_export_masks_numbers_leaves_out_what_was_said_filters_by_channel_agent_and_centre_and_is_audited()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 7, 22, 7, 0, 0, TimeSpan.Zero));
        await using var host = Host(clock);
        await host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(new RegisteredDocument
        {
            Type = "national_id", Number = "31234451", HolderName = "Wanjiku Kamau", Phones = ["+254722000451"], CentreId = "nyeri-centre",
            Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC451",
        });
        var said = new TranscriptLine(clock.GetUtcNow(), "citizen", "Mimi ni Wanjiku, ID 31234451, simu 0722000451");
        var aboutId = await HandledAsync(host, clock, new NewEscalation("sms", "+254722000451", "sw", "sms-agent", ["sms:agent"], "national_id", "31234451")
            { Transcript = [said] }, "amina", wait: 45, handle: 200, rating: 5);
        var otherAgent = await HandledAsync(host, clock, Ticket("sms", "+254722000452"), "otieno", wait: 10, handle: 60);
        var otherChannel = await HandledAsync(host, clock, Ticket("ussd", "+254722000453"), "amina", wait: 10, handle: 60);
        var supervisor = await SignedInAsync(host, "mwangi", Roles.Supervisor);

        async Task<(List<string[]> Rows, string Body)> ExportAsync(string filter)
        {
            var response = await supervisor.Http.GetAsync("/agents/api/export.csv?from=2031-07-22&to=2031-07-22" + filter);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("huduma-tickets-2031-07-22-to-2031-07-22.csv", response.Content.Headers.ContentDisposition?.FileNameStar ??
                response.Content.Headers.ContentDisposition?.FileName);
            var body = await response.Content.ReadAsStringAsync();
            return (await CsvRowsAsync(body), body);
        }

        var all = await ExportAsync("");
        Assert.Equal(TicketExport.Header, all.Rows[0]);
        Assert.Equal([aboutId.Reference, otherAgent.Reference, otherChannel.Reference], all.Rows.Skip(1).Select(r => r[0]));
        var row = all.Rows[1].Select((v, i) => (TicketExport.Header[i], v)).ToDictionary(p => p.Item1, p => p.v);
        Assert.Equal(("sms", "sw", "amina", "5", "45", "200", "nyeri-centre"),
            (row["channel"], row["language"], row["agent"], row["rating"], row["wait_seconds"], row["handling_seconds"], row["centre"]));
        Assert.Equal(("2031-07-22 10:00:00", "2031-07-22 10:04:05"), (row["created"], row["resolved"]));
        // Masked as the logs mask them; a leading '+' is escaped so a spreadsheet reads text, not a formula.
        Assert.Equal(("'+254722***451", "31****51"), (row["phone"], row["document_number"]));
        Assert.DoesNotContain("31234451", all.Body);
        Assert.DoesNotContain("0722000451", all.Body);
        Assert.DoesNotContain("254722000451", all.Body);
        Assert.DoesNotContain("Wanjiku", all.Body);

        Assert.Equal([aboutId.Reference], (await ExportAsync("&channel=sms&agent=amina")).Rows.Skip(1).Select(r => r[0]));
        Assert.Equal([aboutId.Reference], (await ExportAsync("&centre=nyeri-centre")).Rows.Skip(1).Select(r => r[0]));
        Assert.Equal([otherChannel.Reference], (await ExportAsync("&channel=ussd")).Rows.Skip(1).Select(r => r[0]));

        // Each export audited: who, which days and filter, when (the host's clock), from where.
        var audit = (await supervisor.Http.GetFromJsonAsync<AuditPage>("/agents/api/audit?from=2031-07-22&to=2031-07-22&size=500"))!;
        var exports = audit.Entries.Where(e => e.What == PersonalDataKinds.Export).ToList();
        Assert.Equal(4, exports.Count);
        Assert.All(exports, e => Assert.Equal(("mwangi", "tickets 2031-07-22..2031-07-22", "console", clock.GetUtcNow()), (e.Who, e.Subject, e.Via, e.At)));
        // All four at the same instant (the test's clock stands still), so in no particular order.
        Assert.Equal(["channel=all, agent=all, centre=all", "channel=all, agent=all, centre=nyeri-centre", "channel=sms, agent=amina, centre=all",
            "channel=ussd, agent=all, centre=all"], exports.Select(e => e.Detail).Order(StringComparer.Ordinal));
    }

    /// <summary>The records of a CSV text, header first, as a spreadsheet reads them (quotes undone).</summary>
    public static async Task<List<string[]>> CsvRowsAsync(string text)
    {
        await using var csv = CsvHelper.CsvReader.Create(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), new CsvHelper.CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (await csv.ReadAsync()) rows.Add(Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray());
        return rows;
    }
}
