using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Wiring;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Host.Agents;

internal static class AssignmentSetup
{
    /// <summary>Presence and offers: the store (Redis when configured, else memory), the options checked at start, the hub's side, the worker.</summary>
    public static IServiceCollection AddAssignment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AssignmentOptions>().Bind(configuration.GetSection(AssignmentOptions.Section)).ValidateProblemOnStart(o => o.Problem());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AssignmentOptions>>().Value);
        if (StoreRegistration.UsesRedis(configuration)) services.AddSingleton<IAssignmentStore, RedisAssignmentStore>();
        else services.AddSingleton<IAssignmentStore, InMemoryAssignmentStore>();
        services.AddSingleton<OfferMetrics>();
        services.AddSingleton<IOfferNotifier, AgentHubOffers>();
        services.AddSingleton<IAgentAccounts, ActiveAgentAccounts>();
        services.AddSingleton(sp => new TicketOffers(sp.GetRequiredService<IAssignmentStore>(), sp.GetRequiredService<IEscalationStore>(),
            sp.GetRequiredService<EscalationDesk>(), sp.GetRequiredService<AssignmentOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOfferNotifier>(), sp.GetRequiredService<ILogger<TicketOffers>>(), sp.GetRequiredService<OfferMetrics>(),
            sp.GetRequiredService<IAgentAccounts>()));
        services.AddSingleton<ConsolePresence>();
        services.AddSingleton<AssignmentWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AssignmentWorker>());
        services.AddSingleton<IEscalationListener>(sp => sp.GetRequiredService<AssignmentWorker>());
        services.AddSingleton<IUserIdProvider, AgentNameUserIds>();
        return services;
    }
}
