using Huduma.Contact.Core;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Wiring;

/// <summary>
/// The host's Redis clients, when Redis:ConnectionString is set: Core's stores (<see cref="HudumaCoreServices.AddHudumaCore"/>
/// chooses them from the same setting) share them with Hangfire, data protection and SignalR's backplane.
/// </summary>
internal static class StoreRegistration
{
    public static bool UsesRedis(IConfiguration configuration) => HudumaCoreServices.UsesRedis(configuration);

    public static IServiceCollection AddRedisClients(this IServiceCollection services, IConfiguration configuration)
    {
        if (!UsesRedis(configuration)) return services;
        services.AddSingleton<RedisConnections>();
        services.AddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<RedisConnections>().Connect());
        // WAIT holds the connection it is sent on: acknowledged writes get a connection of their own (made only if used).
        services.AddKeyedSingleton<IConnectionMultiplexer>(HudumaCoreServices.AcknowledgedWritesConnection,
            (sp, _) => sp.GetRequiredService<RedisConnections>().Connect());
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
        var options = ConfigurationOptions.Parse(configuration["Redis:ConnectionString"]!);
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
}
