using Huduma.Contact.Core.Actions;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Register.Import;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Huduma.Contact.Core;

/// <summary>
/// Core's own services, registered by Core as each channel registers its own (AddUssd, AddSms, AddVoice):
/// the stores (in memory, or Redis when Redis:ConnectionString is set), the engine and its actions, the
/// content, the register, escalations, the privacy audit and reminders. The host names none of them; it
/// gives Core a <see cref="TimeProvider"/>, and with Redis the clients (<see cref="IConnectionMultiplexer"/>,
/// and one keyed <see cref="AcknowledgedWritesConnection"/>), which it shares with its own Redis users.
/// </summary>
public static class HudumaCoreServices
{
    /// <summary>The key of the Redis client for writes that wait for replicas (WAIT holds the connection it is sent on).</summary>
    public const string AcknowledgedWritesConnection = nameof(ReplicaAcknowledgement);

    /// <summary>True when Redis:ConnectionString is set: the stores are Redis's, else in memory (the embedded default).</summary>
    public static bool UsesRedis(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:ConnectionString"]);

    public static IServiceCollection AddHudumaCore(this IServiceCollection services, IConfiguration configuration)
    {
        AddStores(services, configuration);
        AddConversationEngine(services, configuration);
        AddReminders(services, configuration);
        return services;
    }

    /// <summary>
    /// Loads and validates all content (with every registered action and content check) before the host
    /// takes traffic; any error stops start-up with the file, line and node to fix.
    /// </summary>
    public static void EnsureContentIsValid(IServiceProvider services)
    {
        var content = services.GetRequiredService<ContentBundle>();
        var actions = services.GetServices<IDialogAction>().ToList();
        ContentValidator.EnsureValid(content, actions.Select(a => a.Name).ToHashSet(),
            actions.ToDictionary(a => a.Name, a => a.Targets), services.GetServices<IContentCheck>());
    }

    /// <summary>Puts <see cref="TracedStateStore"/> in front of the registered store (registered as a type, a factory or an instance).</summary>
    public static IServiceCollection AddStateStoreTracing(this IServiceCollection services, IConfiguration configuration)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IStateStore) && !d.IsKeyedService);
        if (registered is null) return services;
        var system = UsesRedis(configuration) ? "redis" : "memory";
        services.Remove(registered);
        services.AddSingleton<IStateStore>(sp => new TracedStateStore(registered switch
        {
            { ImplementationInstance: IStateStore instance } => instance,
            { ImplementationFactory: { } factory } => (IStateStore)factory(sp),
            _ => (IStateStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!),
        }, system));
        return services;
    }

    private static void AddStores(IServiceCollection services, IConfiguration configuration)
    {
        var usesRedis = UsesRedis(configuration);
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .Validate(o => o.AcknowledgementIsValid(), "Redis:ReplicasToAcknowledge must be 0 to 5 and Redis:ReplicaTimeout more than 0 and at most 00:00:10")
            .Validate(o => o.ReplicasToAcknowledge == 0 || usesRedis, "Redis:ReplicasToAcknowledge is set without Redis:ConnectionString")
            .ValidateOnStart();
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.IsValid(), AuditOptions.Rule).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value);
        if (!usesRedis)
        {
            services.AddSingleton<IStateStore, InMemoryStateStore>();
            services.AddSingleton<ISmsQueue, InMemorySmsQueue>();
            services.AddSingleton<IDocumentRegister, InMemoryDocumentRegister>();
            services.AddSingleton<IPersonalDataAuditStore, InMemoryPersonalDataAuditStore>();
            services.AddSingleton<IReminderStore, InMemoryReminderStore>();
            services.AddSingleton<InMemoryEscalationStore>();
            AddAnnounced<InMemoryEscalationStore>(services);
            return;
        }

        services.AddSingleton<IStateStore, RedisStateStore>();
        services.AddSingleton<ISmsQueue>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var acknowledgement = options.ReplicasToAcknowledge == 0 ? null
                : new ReplicaAcknowledgement(sp.GetRequiredKeyedService<IConnectionMultiplexer>(AcknowledgedWritesConnection),
                    options.ReplicasToAcknowledge, options.ReplicaTimeout);
            return new RedisSmsQueue(sp.GetRequiredService<IConnectionMultiplexer>(), acknowledgement);
        });
        services.AddSingleton<IDocumentRegister, RedisDocumentRegister>();
        services.AddSingleton<IPersonalDataAuditStore, RedisPersonalDataAuditStore>();
        services.AddSingleton<IReminderStore, RedisReminderStore>();
        services.AddSingleton<RedisEscalationStore>();
        AddAnnounced<RedisEscalationStore>(services);
        services.AddHostedService<RedisLayoutMigration>();
    }

    /// <summary>Every ticket opened or changed is announced to the listeners (chat handoffs, the agent console).</summary>
    private static void AddAnnounced<TStore>(IServiceCollection services) where TStore : IEscalationStore =>
        services.AddSingleton<IEscalationStore>(sp => new AnnouncedEscalations(sp.GetRequiredService<TStore>(), () => sp.GetServices<IEscalationListener>()));

    private static void AddConversationEngine(IServiceCollection services, IConfiguration configuration)
    {
        var directory = configuration[$"{ContentOptions.Section}:Directory"];
        services.AddSingleton(_ => ContentLoader.Load(string.IsNullOrWhiteSpace(directory) ? ContentLoader.DefaultDirectory() : directory));
        services.AddSingleton(configuration.GetSection("StatusLookup").Get<LookupRateLimitOptions>() ?? new LookupRateLimitOptions());
        services.AddSingleton<LookupRateLimit>();
        services.AddSingleton<DialogOutcomes>();
        services.AddSingleton<IEscalationListener>(sp => sp.GetRequiredService<DialogOutcomes>());
        services.AddSingleton<StatusLookup>();
        services.AddSingleton<PhoneProfiles>();
        services.AddSingleton<DailyCounters>();
        services.AddSingleton<IDialogAction, SetLanguageAction>();
        services.AddSingleton<IDialogAction, StatusLookupAction>();
        services.AddSingleton<IDialogAction, FindCentreAction>();
        services.AddSingleton<IDialogAction, ServiceDetailAction>();
        services.AddSingleton<IDialogAction, FaqAnswerAction>();
        services.AddSingleton<IDialogAction, RequestCallbackAction>();
        // Built by hand where a public class's constructor takes Core's internal types (so it is internal too):
        // the container calls public constructors only.
        services.AddSingleton(sp => new DialogEngine(sp.GetRequiredService<ContentBundle>(), sp.GetServices<IDialogAction>(), sp.GetRequiredService<PhoneProfiles>()));
        // Agents' hours for Core's handoff policy (Voice:AgentHours and its kin): built now, so a bad value
        // stops start-up with the setting's name, whichever channels the host runs.
        var hours = configuration.GetSection(AgentHoursOptions.Section).Get<AgentHoursOptions>() ?? new AgentHoursOptions();
        hours.Build(TimeProvider.System);
        services.AddSingleton(sp => hours.Build(sp.GetRequiredService<TimeProvider>()));
        // The one entry point of a turn for every channel.
        services.AddSingleton<Conversations.Conversations>();
        // The rules of conversations of messages (SMS): ratings after a resolve, a kept lookup awaiting its reference.
        services.AddSingleton<RatingReplies>();
        services.AddSingleton(sp => new MessageStatus(sp.GetRequiredService<ContentBundle>(), sp.GetRequiredService<StatusLookup>()));
        services.AddSingleton<EscalationDesk>();
        services.AddSingleton<EscalationMetrics>();
        services.AddSingleton<ISampledGauge, EscalationQueueGauge>();
        services.AddSingleton(sp => new PersonalDataAudit(sp.GetRequiredService<IPersonalDataAuditStore>(), sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<AuditOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(configuration.GetSection("Escalations").Get<EscalationRetentionOptions>() ?? new EscalationRetentionOptions());
        services.AddSingleton<EscalationRetention>();
    }

    /// <summary>Collection reminders: the policy from configuration ("Reminders"), the sweep, campaigns and the register's updates that start them.</summary>
    private static void AddReminders(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Reminders").Get<ReminderOptions>() ?? new ReminderOptions();
        services.AddSingleton(options);
        // Built now so a bad schedule or quiet-hours value stops start-up with the setting's name.
        services.AddSingleton(new ReminderPolicy(options));
        // Built by hand: these constructors take the internal policy and campaign counts (see AddConversationEngine).
        services.AddSingleton(sp => new ReminderSweep(sp.GetRequiredService<IReminderStore>(), sp.GetRequiredService<ReminderPolicy>(),
            sp.GetRequiredService<ReminderOptions>(), sp.GetRequiredService<IDocumentRegister>(), sp.GetRequiredService<OptOutList>(),
            sp.GetRequiredService<PhoneProfiles>(), sp.GetRequiredService<ContentBundle>(), sp.GetRequiredService<ISmsSender>(),
            sp.GetRequiredService<SmsOutbox>(), sp.GetRequiredService<CampaignStats>(), sp.GetRequiredService<HeldReminders>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ReminderSweep>>()));
        services.AddSingleton(sp => new HeldReminders(sp.GetRequiredService<IReminderStore>(), sp.GetRequiredService<ReminderPolicy>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HeldReminders>>()));
        services.AddSingleton<ReminderMetrics>();
        services.AddSingleton<ISampledGauge, RemindersDueGauge>();
        services.AddSingleton<CampaignStats>();
        services.AddSingleton<ISmsDeliveryListener>(sp => sp.GetRequiredService<CampaignStats>());
        services.AddSingleton(sp => new Campaigns(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IDocumentRegister>(),
            sp.GetRequiredService<IReminderStore>(), sp.GetRequiredService<ReminderPolicy>(), sp.GetRequiredService<CampaignStats>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Campaigns>>()));
        services.AddSingleton(sp => new DocumentUpdates(sp.GetRequiredService<IDocumentRegister>(), sp.GetRequiredService<IReminderStore>(),
            sp.GetRequiredService<ReminderPolicy>(), sp.GetRequiredService<ReminderOptions>(), sp.GetRequiredService<CampaignStats>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RegisterImporter>();
        services.AddSingleton<IContentCheck, ReminderContentCheck>();
    }
}
