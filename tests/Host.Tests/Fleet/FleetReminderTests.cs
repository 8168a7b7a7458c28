using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.TestSupport;
using Xunit.Abstractions;

using static Huduma.Contact.Host.Tests.Eventually;

namespace Huduma.Contact.Host.Tests.Fleet;

/// <summary>
/// A reminder campaign swept by three hosts at once behind nginx (delivery reports come back through it),
/// one of them SIGKILLed in the middle of a sweep: every reminder reaches Africa's Talking exactly once.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed partial class FleetReminderTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int Documents = 400;
    private static string Phone(int i) => $"+2547260{i:D5}";
    private static string DocumentKey(int i) => $"national_id:{47_000_000 + i}";

    [Fact]
    public async Task A_campaign_swept_by_three_hosts_with_one_killed_mid_sweep_sends_each_reminder_exactly_once()
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        // Each message is in flight a while, so a kill finds some taken by the provider but not yet answered,
        // and the backlog lasts long enough for every host to sweep some of it.
        at.Latency = TimeSpan.FromSeconds(1);
        await using var fleet = await HostFleet.StartAsync(redis, at, new Dictionary<string, string>
        {
            // Small batches, so sweeps running at once share the backlog; short leases and waits, so a dead
            // sweeper's reminders come back quickly.
            ["Reminders__SweepCron"] = "*/5 * * * * *", ["Reminders__BatchSize"] = "20",
            ["Reminders__Lease"] = "00:00:04", ["Reminders__UnknownWait"] = "00:00:08",
            ["Reminders__QuietHours"] = "00:00-00:00", // daytime all day: the test must not depend on the hour
            ["Logging__LogLevel__Huduma.Contact.Core.Reminders"] = "Information",
        }, output.WriteLine);
        at.DeliveryReportUrl = $"{fleet.BaseUrl}/sms/africastalking/delivery?token={HostFleet.CallbackSecret}";

        // The campaign: documents ready for collection, each with its first reminder due now.
        var register = new RedisDocumentRegister(redis.Connection);
        var reminders = new RedisReminderStore(redis.Connection);
        for (var i = 0; i < Documents; i++)
        {
            var document = new RegisteredDocument
            {
                Type = "national_id", Number = (47_000_000 + i).ToString(), HolderName = "Holder", Phones = [Phone(i)],
                CentreId = "nairobi-gpo", Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC1", ReadyOn = new DateOnly(2026, 11, 1),
            };
            await register.UpsertAsync(document);
            await reminders.ScheduleAsync(new DueReminder(document.Key, 0), DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        // Sweeps on every host at once: the recurring schedule starts one at a time (Hangfire polls it every
        // 15 s), so the test enqueues what several of its runs would, the same job on the same queue; each
        // host's two workers take two.
        var storage = new RedisStorage(redis.Connection, new RedisStorageOptions { Prefix = "{huduma-hangfire}:" });
        // Hangfire's log provider is global: an in-process host of an earlier test left its own, disposed, there.
        GlobalConfiguration.Configuration.UseLogProvider(new Hangfire.Logging.LogProviders.ColouredConsoleLogProvider(Hangfire.Logging.LogLevel.Fatal));
        var jobs = new BackgroundJobClient(storage);
        void Sweep() { for (var i = 0; i < 2 * HostFleet.Size; i++) jobs.Enqueue<ReminderSweep>(sweep => sweep.RunAsync(CancellationToken.None)); }
        Sweep();

        // Kill a host while it runs a sweep, once a fifth of the campaign has gone out.
        var hangfire = storage.GetMonitoringApi();
        HostProcess? sweeping = null;
        await WaitUntil(() =>
        {
            if (Accepted().Count < Documents / 5) return false;
            var servers = hangfire.ProcessingJobs(0, 50).Select(j => j.Value.ServerId).ToList();
            sweeping = fleet.Hosts.FirstOrDefault(h => servers.Any(s => s.Split(':') is [_, var pid, ..] && pid == h.Id.ToString()));
            return sweeping is not null;
        }, TimeSpan.FromSeconds(40), "a fifth of the reminders sent and a host in the middle of a sweep");
        await sweeping!.KillAsync();
        var sentBeforeKill = Accepted().Count;
        output.WriteLine($"killed host :{sweeping.Port} after {sentBeforeKill} accepted messages");
        Assert.InRange(sentBeforeKill, Documents / 5, Documents - 1);
        // Once the dead sweeper's lease has run out, the next sweeps take its reminders back.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        Sweep();

        await WaitUntil(() => Accepted().Select(m => m.Phone).Distinct().Count() == Documents, TimeSpan.FromSeconds(45), "every reminder to be sent");
        // Let the held reminders settle and any stray duplicate show itself.
        await WaitUntil(async () => (await reminders.HeldAsync(10)).Count == 0, TimeSpan.FromSeconds(30), "the held reminders to settle");
        await Task.Delay(TimeSpan.FromSeconds(3));

        var perPhone = Accepted().GroupBy(m => m.Phone).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Documents, perPhone.Count);
        Assert.All(perPhone, p => Assert.True(p.Value == 1, $"{p.Key} got {p.Value} reminders"));
        for (var i = 0; i < Documents; i++)
            Assert.Equal(ReminderMark.Sent, (await reminders.GetRecordAsync(new DueReminder(DocumentKey(i), 0)))?.Mark);

        // The campaign was the fleet's, not one host's: besides the one killed mid-sweep, others sent reminders.
        var sentBy = fleet.Hosts.ToDictionary(h => h.Port, h => h.Output.Select(l => SweepLine().Match(l)).Where(m => m.Success).Sum(m => int.Parse(m.Groups[1].Value)));
        output.WriteLine($"sent per host (finished sweeps): {string.Join(", ", sentBy.Select(s => $":{s.Key} {s.Value}"))}");
        Assert.True(sentBy.Count(s => s.Key != sweeping.Port && s.Value > 0) == HostFleet.Size - 1, "the surviving hosts did not both sweep");

        List<(string Phone, string Text)> Accepted() =>
            // Only what AT answered with a success: a request it refused sent nothing, and its retry is no duplicate.
            at.Accepted.Where(r => r.GetValueOrDefault("username") == AfricasTalkingApiSimulator.Username)
                .SelectMany(r => (r.GetValueOrDefault("to") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => (p, r.GetValueOrDefault("message") ?? "")))
                .ToList();
    }

    [GeneratedRegex(@"Reminder sweep: (\d+) sent")]
    private static partial Regex SweepLine();
}
