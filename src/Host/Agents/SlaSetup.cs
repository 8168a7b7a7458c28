using Huduma.Contact.Core.Sla;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Wiring;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Host.Agents;

internal static class SlaSetup
{
    /// <summary>SLAs per channel: the targets checked at start, the deadlines' store (Redis when configured, else memory), the watcher and the sweep.</summary>
    public static IServiceCollection AddSla(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlaOptions>().Bind(configuration.GetSection(SlaOptions.Section)).ValidateProblemOnStart(o => o.Problem());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SlaOptions>>().Value);
        if (StoreRegistration.UsesRedis(configuration)) services.AddSingleton<ISlaStore, RedisSlaStore>();
        else services.AddSingleton<ISlaStore, InMemorySlaStore>();
        services.AddSingleton<SlaPolicy>();
        services.AddSingleton<SlaMetrics>();
        services.AddSingleton<IEscalationListener, SlaWatcher>();
        services.AddSingleton<SlaWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaWorker>());
        return services;
    }
}
