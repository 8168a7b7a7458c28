using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Wiring;

/// <summary>In-memory stores on the embedded default; Redis when Redis:ConnectionString is set.</summary>
internal static class StoreRegistration
{
    public static bool UsesRedis(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.Section}:ConnectionString"]);

    public static IServiceCollection AddStores(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .Validate(o => o.AcknowledgementIsValid(), "Redis:ReplicasToAcknowledge must be 0 to 5 and Redis:ReplicaTimeout more than 0 and at most 00:00:10")
            .Validate(o => o.ReplicasToAcknowledge == 0 || UsesRedis(configuration), "Redis:ReplicasToAcknowledge is set without Redis:ConnectionString")
            .ValidateOnStart();
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.IsValid(), AuditOptions.Rule).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value);
        if (!UsesRedis(configuration))
        {
            services.AddSingleton<IStateStore, InMemoryStateStore>();
            services.AddSingleton<ISmsQueue, InMemorySmsQueue>();
            services.AddSingleton<IDocumentRegister, InMemoryDocumentRegister>();
            services.AddSingleton<IPersonalDataAuditStore, InMemoryPersonalDataAuditStore>();
            services.AddSingleton<InMemoryEscalationStore>();
            AddAnnounced<InMemoryEscalationStore>(services);
            return services;
        }

        services.AddSingleton<RedisConnections>();
        services.AddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<RedisConnections>().Connect());
        // WAIT holds the connection it is sent on: acknowledged writes get a connection of their own (made only if used).
        services.AddKeyedSingleton<IConnectionMultiplexer>(nameof(ReplicaAcknowledgement), (sp, _) => sp.GetRequiredService<RedisConnections>().Connect());
        services.AddSingleton<IStateStore, RedisStateStore>();
        services.AddSingleton<ISmsQueue>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var acknowledgement = options.ReplicasToAcknowledge == 0 ? null
                : new ReplicaAcknowledgement(sp.GetRequiredKeyedService<IConnectionMultiplexer>(nameof(ReplicaAcknowledgement)),
                    options.ReplicasToAcknowledge, options.ReplicaTimeout);
            return new RedisSmsQueue(sp.GetRequiredService<IConnectionMultiplexer>(), acknowledgement);
        });
        services.AddSingleton<IDocumentRegister, RedisDocumentRegister>();
        services.AddSingleton<IPersonalDataAuditStore, RedisPersonalDataAuditStore>();
        services.AddSingleton<RedisEscalationStore>();
        AddAnnounced<RedisEscalationStore>(services);
        services.AddHostedService<RedisLayoutMigration>();
        return services;
    }

    /// <summary>
    /// How every Redis client of the host connects (the stores, Hangfire, data protection, SignalR's
    /// backplane): from Redis:ConnectionString, with the choices below for when Redis is away or failing over.
    /// Under Sentinel (a service name) these are the sentinels: <see cref="RedisConnections"/> makes the
    /// clients for the nodes they name, with these choices.
    /// </summary>
    public static ConfigurationOptions ClientOptions(IConfiguration configuration)
    {
        var options = ConfigurationOptions.Parse(configuration[$"{RedisOptions.Section}:ConnectionString"]!);
        // Start even when Redis is down: readiness reports it, and hops answer "try again" until it is back.
        options.AbortOnConnectFail = false;
        // While no connection is up, a command fails at once rather than waiting in the client's backlog
        // for its timeout (5 s): a USSD hop then gets its polite END, and readiness fails, within a second.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Try to reconnect every half second (not backing off to several seconds), so every host is
        // back within a second or two of Redis.
        options.ReconnectRetryPolicy = new LinearRetry(500);
        return options;
    }

    /// <summary>Every ticket opened or changed is announced to the listeners (chat handoffs, the agent console).</summary>
    private static void AddAnnounced<TStore>(IServiceCollection services) where TStore : IEscalationStore =>
        services.AddSingleton<IEscalationStore>(sp => new AnnouncedEscalations(sp.GetRequiredService<TStore>(), () => sp.GetServices<IEscalationListener>()));
}
