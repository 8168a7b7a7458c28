using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.TestSupport;
using Xunit.Abstractions;

using static Huduma.Contact.Host.Tests.Eventually;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The host as a real process, killed with SIGKILL in the middle of a reminder batch and started again:
/// every due reminder reaches Africa's Talking (the loopback simulator) exactly once.
/// </summary>
public sealed class ReminderCrashTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int Documents = 1500;
    private const string CallbackSecret = "crash-test-callback-secret";
    private static string Phone(int i) => $"+2547250{i:D5}";

    [Fact]
    public async Task A_host_killed_mid_batch_then_restarted_sends_every_due_reminder_exactly_once()
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        // Each message is in flight a while: a kill finds several taken by the provider but not yet answered.
        // Slow enough (16 in flight, 50 ms each: ~320 a second) that the kill lands mid-batch on a busy machine.
        at.Latency = TimeSpan.FromMilliseconds(50);
        var port = RedisServer.FreePort();
        at.DeliveryReportUrl = $"http://127.0.0.1:{port}/sms/africastalking/delivery?token={CallbackSecret}";

        // The backlog: documents ready for collection, each with its first reminder due now.
        var register = new RedisDocumentRegister(redis.Connection);
        var reminders = new RedisReminderStore(redis.Connection);
        for (var i = 0; i < Documents; i++)
        {
            var document = new RegisteredDocument
            {
                Type = "national_id", Number = (46_000_000 + i).ToString(), HolderName = "Holder", Phones = [Phone(i)],
                CentreId = "nairobi-gpo", Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC1", ReadyOn = new DateOnly(2026, 11, 1),
            };
            await register.UpsertAsync(document);
            await reminders.ScheduleAsync(new DueReminder(document.Key, 0), DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        var settings = ProductionSettings.OnAfricasTalking(redis.ConnectionString, at, CallbackSecret, "crash-test-direct-line");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            // Quick sweeps, leases and waits so the test is short.
            ["Reminders__SweepCron"] = "*/2 * * * * *", ["Reminders__Lease"] = "00:00:04", ["Reminders__UnknownWait"] = "00:00:08",
            // Daytime all day: the test must not depend on the hour it runs at.
            ["Reminders__QuietHours"] = "00:00-00:00", ["Logging__LogLevel__Huduma.Contact.Core.Reminders"] = "Information",
        }) settings[key] = value;

        await using (var first = HostProcess.Start(settings, output.WriteLine, port))
        {
            await WaitUntil(() => Accepted().Count >= Documents / 4, TimeSpan.FromSeconds(90), "the first host to send a quarter of the reminders");
            await first.KillAsync(); // SIGKILL: no shutdown, no cleanup
        }
        var sentBeforeKill = Accepted().Count;
        var marks = new Dictionary<string, int>();
        for (var i = 0; i < Documents; i++)
        {
            var mark = (await reminders.GetRecordAsync(new DueReminder($"national_id:{46_000_000 + i}", 0)))?.Mark.ToString() ?? "none";
            marks[mark] = marks.GetValueOrDefault(mark) + 1;
        }
        output.WriteLine($"killed after {sentBeforeKill} accepted messages; reminders then: {string.Join(", ", marks.Select(m => $"{m.Key} {m.Value}"))}");
        Assert.InRange(sentBeforeKill, Documents / 4, Documents - 1);

        await using (HostProcess.Start(settings, output.WriteLine, port))
        {
            await WaitUntil(() => Accepted().Select(m => m.Phone).Distinct().Count() == Documents, TimeSpan.FromSeconds(120), "every reminder to be sent");
            // Let the held reminders settle and any stray duplicate show itself.
            await WaitUntil(async () => (await reminders.HeldAsync(10)).Count == 0, TimeSpan.FromSeconds(60), "the held reminders to settle");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var perPhone = Accepted().GroupBy(m => m.Phone).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Documents, perPhone.Count);
        Assert.All(perPhone, p => Assert.True(p.Value == 1, $"{p.Key} got {p.Value} reminders"));
        for (var i = 0; i < Documents; i++)
            Assert.Equal(ReminderMark.Sent, (await reminders.GetRecordAsync(new DueReminder($"national_id:{46_000_000 + i}", 0)))?.Mark);

        List<(string Phone, string Text)> Accepted() =>
            // Only what AT answered with a success: a request it refused (a 500 on a loaded machine) sent nothing, and its retry is no duplicate.
            at.Accepted.Where(r => r.GetValueOrDefault("username") == AfricasTalkingApiSimulator.Username)
                .SelectMany(r => (r.GetValueOrDefault("to") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => (p, r.GetValueOrDefault("message") ?? "")))
                .ToList();
    }
}
