using System.Security.Cryptography;
using Huduma.Contact.Host.Wiring;

namespace Huduma.Contact.Host.Agents;

public static class AgentApiSetup
{
    /// <summary>
    /// The agents' API key from configuration. The embedded default (no Redis) makes a random demo key,
    /// printed at start-up so a newcomer can try a handoff; a configured deployment never does.
    /// </summary>
    public static IServiceCollection AddAgentApi(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AgentApiOptions.Section).Get<AgentApiOptions>() ?? new AgentApiOptions();
        var demo = options.Key.Length == 0 && !StoreRegistration.UsesRedis(configuration);
        if (demo) options.Key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        services.AddSingleton(options);
        services.AddSingleton<AgentKeyFilter>();
        services.AddSingleton(new DemoAgentKey(demo));
        return services;
    }

    public static void MapAgents(this WebApplication app)
    {
        app.MapAgentApi(app.Services.GetRequiredService<AgentKeyFilter>());
        var options = app.Services.GetRequiredService<AgentApiOptions>();
        if (app.Services.GetRequiredService<DemoAgentKey>().IsDemo)
            app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
                "Agents' API demo key (embedded default only): {Header}: {Key}", AgentKeyFilter.Header, options.Key));
        else if (options.Key.Length == 0)
            app.Logger.LogWarning("{Section}:Key is empty: the agents' API refuses every call.", AgentApiOptions.Section);
    }

    private sealed record DemoAgentKey(bool IsDemo);
}
