using Hangfire;
using Hangfire.Redis.StackExchange;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Core.Telemetry;
using Huduma.Contact.Host.Wiring;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Reminders;

/// <summary>
/// Collection reminders: the policy from configuration ("Reminders"), the queue (Redis or in memory),
/// and Hangfire — Redis storage in production, so the sweep's recurring schedule and every host's
/// workers share one queue; Hangfire.InMemory on the embedded default.
/// </summary>
internal static class ReminderSetup
{
    public const string SweepJobId = "reminder-sweep";

    public static IServiceCollection AddReminders(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Reminders").Get<ReminderOptions>() ?? new ReminderOptions();
        services.AddSingleton(options);
        // Built now so a bad schedule or quiet-hours value stops start-up with the setting's name.
        services.AddSingleton(new ReminderPolicy(options));
        services.AddSingleton<ReminderSweep>();
        services.AddSingleton<HeldReminders>();
        services.AddSingleton<ReminderMetrics>();
        services.AddSingleton<ISampledGauge, RemindersDueGauge>();
        services.AddSingleton<CampaignStats>();
        services.AddSingleton<Huduma.Contact.Core.Messaging.ISmsDeliveryListener>(sp => sp.GetRequiredService<CampaignStats>());
        services.AddSingleton<Campaigns>();
        services.AddSingleton<DocumentUpdates>();
        services.AddSingleton<Huduma.Contact.Core.Register.Import.RegisterImporter>();
        services.AddSingleton<IContentCheck, ReminderContentCheck>();
        if (StoreRegistration.UsesRedis(configuration)) services.AddSingleton<IReminderStore, RedisReminderStore>();
        else services.AddSingleton<IReminderStore, InMemoryReminderStore>();

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
        services.AddSingleton(configuration.GetSection("Escalations").Get<EscalationRetentionOptions>() ?? new EscalationRetentionOptions());
        services.AddSingleton<EscalationRetention>();
        services.AddHostedService<RecurringJobsScheduler>();
        return services;
    }
}
