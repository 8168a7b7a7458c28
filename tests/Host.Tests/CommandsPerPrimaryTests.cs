using System.Net.Http.Headers;
using System.Net.Http.Json;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Each channel's load alone on a three-primary cluster, through the host: the statistics of every primary
/// reset (CONFIG RESETSTAT), the load run, then INFO commandstats read from each. No primary may carry more
/// than half of a channel's commands: the shared hot structures (reminders, escalations, counters) are
/// split into buckets with their own hash tags. The tables printed here are in bench/README.md, session 10.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class CommandsPerPrimaryTests(RedisClusterServers redis, ITestOutputHelper output)
{
    private const string DirectLineSecret = "commands-per-primary-direct-line";
    private static readonly string[] Agents = ["agent-0", "agent-1", "agent-2", "agent-3"];
    private const double MostOnOnePrimary = 0.5;

    // The client's own housekeeping (it asks every node who holds which slots, pings, subscribes for
    // the backplane) and the replicas' (REPLCONF): not a channel's load, so not counted.
    private static readonly HashSet<string> Housekeeping = ["info", "cluster", "ping", "config", "client", "echo", "subscribe",
        "psubscribe", "unsubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "command", "hello", "auth", "select", "readonly", "replconf"];

    private static RegisteredDocument Ready(string number, string phone) => new()
    {
        Type = "national_id", Number = number, HolderName = "Achieng Ouma", Phones = [phone], CentreId = "nairobi-gpo",
        Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC555111", AppliedOn = new DateOnly(2026, 10, 1),
        ReadyOn = new DateOnly(2026, 11, 1),
    };

    [Fact]
    public async Task Ussd_sessions_with_a_status_lookup_put_at_most_half_their_commands_on_one_primary()
    {
        await using var host = Host();
        var client = host.CreateClient();
        var phones = Enumerable.Range(0, 90).Select(i => $"+2547231{i:D5}").ToList();
        var register = host.Services.GetRequiredService<IDocumentRegister>();
        for (var i = 0; i < phones.Count; i++) await register.UpsertAsync(Ready((47_100_000 + i).ToString(), phones[i]));

        await MeasureAsync("USSD sessions", async () =>
        {
            await Task.WhenAll(phones.Select(async (msisdn, i) =>
            {
                var phone = new UssdPhone(client, msisdn);
                var first = await phone.DialAsync();
                var home = first.Contains("Choose language") ? await phone.SendAsync(UssdPhone.Option(first, "English")) : first;
                var types = await phone.SendAsync("1");
                await phone.SendAsync(UssdPhone.Option(types, "National"));
                var answer = await phone.SendAsync((47_100_000 + i).ToString());
                Assert.Contains("READY", answer);
            }));
        });
    }

    [Fact]
    public async Task Status_lookups_by_sms_put_at_most_half_their_commands_on_one_primary()
    {
        // Answers go out through Africa's Talking, as in production (the simulator provider keeps one list of everything sent).
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        await using var host = Host(AtSettings(at));
        var client = host.CreateClient();
        var phones = Enumerable.Range(0, 90).Select(i => $"+2547232{i:D5}").ToList();
        var register = host.Services.GetRequiredService<IDocumentRegister>();
        for (var i = 0; i < phones.Count; i++) await register.UpsertAsync(Ready((47_200_000 + i).ToString(), phones[i]));

        await MeasureAsync("inbound SMS", async () =>
        {
            await Task.WhenAll(phones.Select(async (phone, i) =>
            {
                var response = await client.PostAsync("/sms/africastalking/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["from"] = phone, ["to"] = "1919", ["text"] = $"ID {47_200_000 + i}", ["date"] = "2026-11-27 10:00:00",
                    ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"), ["linkId"] = "", ["networkCode"] = "63902",
                }));
                Assert.Equal(200, (int)response.StatusCode);
            }));
        });
    }

    private sealed record Started(string ConversationId, string Token);

    [Fact]
    public async Task Web_chat_conversations_put_at_most_half_their_commands_on_one_primary()
    {
        await using var host = Host();
        await MeasureAsync("web chat (Direct Line)", async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, 90).Select(async _ =>
            {
                var client = host.CreateClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineSecret);
                var started = await (await client.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<Started>();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started!.Token);
                foreach (var text in new[] { "hello", "English", "where do I collect my ID?", "1" })
                {
                    var said = await client.PostAsJsonAsync($"/v3/directline/conversations/{started.ConversationId}/activities",
                        new { type = "message", from = new { id = "citizen" }, text });
                    said.EnsureSuccessStatusCode();
                    (await client.GetAsync($"/v3/directline/conversations/{started.ConversationId}/activities")).EnsureSuccessStatusCode();
                }
            }));
        });
    }

    [Fact]
    public async Task A_reminder_campaign_swept_puts_at_most_half_its_commands_on_one_primary()
    {
        const int documents = 300;
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        await using var host = Host(AtSettings(at));
        var register = host.Services.GetRequiredService<IDocumentRegister>();
        var reminders = host.Services.GetRequiredService<IReminderStore>();
        var campaigns = host.Services.GetRequiredService<CampaignStats>();
        for (var i = 0; i < documents; i++)
        {
            var document = Ready((47_300_000 + i).ToString(), $"+2547233{i:D5}");
            await register.UpsertAsync(document);
            // A campaign's documents: each reminder sent is counted for the campaign too.
            await campaigns.JoinAsync(document.Key, "load-campaign");
            await reminders.ScheduleAsync(new DueReminder(document.Key, 0), DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        await MeasureAsync("reminder campaign (sweep)", async () =>
        {
            var report = await host.Services.GetRequiredService<ReminderSweep>().RunAsync();
            Assert.True(report.Sent >= documents, $"sent {report.Sent} of {documents}");
            Assert.True((await campaigns.TotalsAsync("load-campaign"))[CampaignStats.Sent] >= documents);
        });
    }

    [Fact]
    public async Task Handoffs_taken_by_agents_put_at_most_half_their_commands_on_one_primary()
    {
        await using var host = Host();
        var escalations = host.Services.GetRequiredService<IEscalationStore>();
        var agents = host.CreateClient().Using(Agents[0]);

        await MeasureAsync("escalations (handoffs taken by agents)", async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => escalations.CreateAsync(
                new NewEscalation("sms", $"+2547234{i:D5}", "en", "sms-agent", ["sms:agent"], IdempotencyKey: $"load:{Guid.NewGuid():N}"))));
            var resolved = 0;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async a =>
            {
                var agent = Agents[a];
                while (true)
                {
                    var waiting = await agents.GetFromJsonAsync<List<EscalationView>>("/api/agents/escalations?max=5");
                    if (waiting is null or { Count: 0 }) return;
                    var claimed = await agents.PostAsNamedAgentAsync($"/api/agents/escalations/{waiting[0].Reference}/claim", new { agent });
                    if (!claimed.IsSuccessStatusCode) continue; // another agent was quicker: look again
                    (await agents.PostAsNamedAgentAsync($"/api/agents/escalations/{waiting[0].Reference}/resolve", new { agent, category = "answered" }))
                        .EnsureSuccessStatusCode();
                    Interlocked.Increment(ref resolved);
                }
            }));
            Assert.True(resolved >= 40, $"resolved {resolved}");
        });
    }

    [Fact]
    public async Task An_idle_host_keeps_hangfires_one_slot_and_its_own_background_to_a_few_commands_a_second()
    {
        // The sweep every minute, as shipped: Hangfire's server beats, watches its queues and fires the recurring jobs.
        await using var host = Host(("Reminders:SweepCron", "* * * * *"));
        host.CreateClient();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var seconds = 61;
        var perPrimary = await MeasureAsync($"idle host (Hangfire and background), {seconds} s", () => Task.Delay(TimeSpan.FromSeconds(seconds)), spread: false);
        // Hangfire's slot is on one primary: the busiest one carries it.
        Assert.True(perPrimary.Max() / seconds < 20, $"{perPrimary.Max() / seconds} commands a second on the busiest primary of an idle host");
    }

    private static (string, string?)[] AtSettings(AfricasTalkingApiSimulator at) =>
    [
        ("Sms:Primary", "AfricasTalking"), ("Sms:Secondary", ""), ("AfricasTalking:BaseUrl", at.BaseUrl),
        ("AfricasTalking:Username", AfricasTalkingApiSimulator.Username), ("AfricasTalking:ApiKey", AfricasTalkingApiSimulator.ApiKey),
    ];

    private HudumaHost Host(params (string Key, string? Value)[] more)
    {
        (string Key, string? Value)[] settings =
        [
            ("DirectLine:Secret", DirectLineSecret), .. AgentKeys.Settings(":", Agents),
            // The test runs the sweep itself; daytime all day, so it does not depend on the hour.
            ("Reminders:SweepCron", "0 0 1 1 *"), ("Reminders:QuietHours", "00:00-00:00"),
            .. more,
        ];
        // A setting given again replaces the default.
        return HudumaHost.OnRedis(redis, settings.GroupBy(s => s.Key).Select(g => g.Last()).ToArray());
    }

    private async Task<IReadOnlyList<long>> MeasureAsync(string channel, Func<Task> load, bool spread = true)
    {
        // CONFIG RESETSTAT is an admin command: a connection of its own that may send it.
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var primaries = admin.GetServers().Where(s => s.IsConnected && !s.IsReplica).OrderBy(s => s.EndPoint.ToString()).ToList();
        Assert.Equal(3, primaries.Count);
        foreach (var primary in primaries) await primary.ConfigResetStatisticsAsync();
        await load();
        var perPrimary = new List<Dictionary<string, long>>();
        foreach (var primary in primaries) perPrimary.Add(await CommandCallsAsync(primary));

        var totals = perPrimary.Select(p => p.Where(c => !Housekeeping.Contains(c.Key)).Sum(c => c.Value)).ToList();
        var all = totals.Sum();
        output.WriteLine($"{channel}: {all} commands");
        for (var i = 0; i < primaries.Count; i++)
        {
            var top = perPrimary[i].Where(c => !Housekeeping.Contains(c.Key)).OrderByDescending(c => c.Value).Take(6).Select(c => $"{c.Key} {c.Value}");
            output.WriteLine($"  primary {i + 1} ({primaries[i].EndPoint}): {totals[i]} ({100.0 * totals[i] / Math.Max(1, all):F1}%) — {string.Join(", ", top)}");
        }
        if (!spread) return totals;
        Assert.True(all > 0, "no commands counted");
        Assert.All(totals, t => Assert.True(t <= MostOnOnePrimary * all,
            $"{channel}: one primary carried {t} of {all} commands ({100.0 * t / all:F1}%), more than half"));
        return totals;
    }

    /// <summary>INFO commandstats: calls per command ("cmdstat_get:calls=12,usec=…").</summary>
    private static async Task<Dictionary<string, long>> CommandCallsAsync(IServer server)
    {
        var calls = new Dictionary<string, long>();
        foreach (var section in await server.InfoAsync("commandstats"))
            foreach (var (name, value) in section)
            {
                if (!name.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
                var field = value.Split(',').First(f => f.StartsWith("calls=", StringComparison.Ordinal));
                // "cmdstat_config|resetstat": a subcommand counts under its command.
                var command = name["cmdstat_".Length..].Split('|')[0];
                calls[command] = calls.GetValueOrDefault(command) + long.Parse(field["calls=".Length..]);
            }
        return calls;
    }
}
