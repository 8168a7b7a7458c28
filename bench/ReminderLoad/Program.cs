// Reminder dispatch benchmark (bench/README.md): the reminder sweep, on Redis, sends every due
// reminder through the real SMS dispatcher and the Africa's Talking provider to a loopback simulator
// of AT's messaging API (in this process), rate limit off, quiet hours off. Loopback only.
// usage: dotnet Huduma.Contact.Bench.ReminderLoad.dll --redis 127.0.0.1:6379 [--parallelism 64]
using System.Diagnostics;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

string Arg(string name, string fallback) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback;

await using var at = await AfricasTalkingApiSimulator.StartAsync();
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Sms:Primary"] = "AfricasTalking", ["AfricasTalking:BaseUrl"] = at.BaseUrl,
    ["AfricasTalking:Username"] = AfricasTalkingApiSimulator.Username, ["AfricasTalking:ApiKey"] = AfricasTalkingApiSimulator.ApiKey,
}).Build();
// The import queued each first reminder a minute ahead (DocumentUpdates' grace): sweep as if it were later.
var clock = new AheadClock(TimeSpan.FromMinutes(2));
var options = new ReminderOptions { QuietHours = "00:00-00:00", Parallelism = int.Parse(Arg("parallelism", "64")) };
var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IConfiguration>(configuration).AddSingleton<TimeProvider>(clock);
services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(Arg("redis", "127.0.0.1:6379")));
services.AddSingleton<IStateStore, RedisStateStore>();
services.AddSingleton<IDocumentRegister, RedisDocumentRegister>();
services.AddSingleton<IReminderStore, RedisReminderStore>();
services.AddSingleton(ContentLoader.Load(ContentLoader.DefaultDirectory()));
services.AddSingleton<PhoneProfiles>();
services.AddSingleton(options).AddSingleton(new ReminderPolicy(options)).AddSingleton<Huduma.Contact.Core.State.DailyCounters>().AddSingleton<CampaignStats>();
// Built by hand, as AddHudumaCore does: their constructors are internal, so the container cannot call them.
services.AddSingleton(sp => new HeldReminders(sp.GetRequiredService<IReminderStore>(), sp.GetRequiredService<ReminderPolicy>(),
    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HeldReminders>>()));
services.AddSms(configuration);
await using var provider = services.BuildServiceProvider();
T Get<T>() where T : notnull => provider.GetRequiredService<T>();
var sweep = new ReminderSweep(Get<IReminderStore>(), Get<ReminderPolicy>(), Get<ReminderOptions>(), Get<IDocumentRegister>(), Get<OptOutList>(),
    Get<PhoneProfiles>(), Get<ContentBundle>(), Get<ISmsSender>(), Get<SmsOutbox>(), Get<CampaignStats>(), Get<HeldReminders>(),
    Get<TimeProvider>(), Get<ILogger<ReminderSweep>>());

var store = provider.GetRequiredService<IReminderStore>();
var due = (await store.CountAsync(clock.GetUtcNow())).DueNow;
Console.WriteLine($"reminders due: {due}");
var watch = Stopwatch.StartNew();
var report = await sweep.RunAsync();
watch.Stop();
var requests = at.Requests.Count;
Console.WriteLine($"dispatch: {report.Sent} sent, {report.Failed} failed, {report.Skipped} skipped in {watch.Elapsed.TotalSeconds:F1} s = " +
                  $"{report.Sent / watch.Elapsed.TotalSeconds:F0} SMS/s; the AT simulator took {requests} requests");
return report.Sent == due && requests == due ? 0 : 1;

/// <summary>The system clock, some minutes ahead.</summary>
sealed class AheadClock(TimeSpan ahead) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
}

