using Hangfire;
using Hangfire.Redis.StackExchange;
using Huduma.Contact.Host.Wiring;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Reminders;

/// <summary>
/// The jobs of Core's reminders and escalations (registered by Core's AddHudumaCore) on
/// Hangfire — Redis storage in production, so the sweep's recurring schedule and every host's
/// workers share one queue; Hangfire.InMemory on the embedded default.
/// </summary>
internal static class ReminderSetup
{
    public const string SweepJobId = "reminder-sweep";

    public static IServiceCollection AddHangfireJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHangfire((provider, hangfire) =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (StoreRegistration.UsesRedis(configuration))
                hangfire.UseRedisStorage(provider.GetRequiredService<IConnectionMultiplexer>(),
                    // One hash tag: Hangfire's keys in one cluster slot, as its multi-key operations need.
                    new RedisStorageOptions { Prefix = "{huduma-hangfire}:" });
            else hangfire.UseInMemoryStorage();
        });
        services.AddHangfireServer(server => server.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        // The sweep runs every minute on whichever host's worker picks it up; it is safe to run on several at once.
        // The same scheduler registers the daily purge of old resolved escalations.
        services.AddHostedService<RecurringJobsScheduler>();
        return services;
    }
}
