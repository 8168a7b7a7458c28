using System.Security.Cryptography;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Wiring;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Host.Agents;

internal static class AgentApiSetup
{
    /// <summary>The agent the embedded default's demo key acts as: the demo agent account it also makes.</summary>
    public const string DemoAgent = "demo-agent";

    /// <summary>
    /// The agents' API keys from configuration, each bound to an agent, checked at start. The embedded default
    /// (no Redis, no keys) makes a random demo key bound to <see cref="DemoAgent"/>, printed at start-up so a
    /// newcomer can try a handoff; a configured deployment never does.
    /// </summary>
    public static IServiceCollection AddAgentApi(this IServiceCollection services, IConfiguration configuration)
    {
        var configured = configuration.GetSection(AgentApiOptions.Section).Get<AgentApiOptions>() ?? new AgentApiOptions();
        var demo = configured.Keys.Count == 0 && string.IsNullOrEmpty(configured.Key) && !StoreRegistration.UsesRedis(configuration);
        var demoKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        services.AddOptions<AgentApiOptions>().Bind(configuration.GetSection(AgentApiOptions.Section))
            .PostConfigure(o => { if (demo) o.Keys.Add(new AgentKey { Agent = DemoAgent, Key = demoKey }); })
            // Says at start exactly what is wrong with the keys (the message of AgentApiOptions.Problem).
            .ValidateProblemOnStart(o => o.Problem());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AgentApiOptions>>().Value);
        services.AddSingleton<AgentKeyFilter>();
        services.AddSingleton(new DemoAgentKey(demo));
        // The console's live queue: SignalR, over Redis pub/sub when Redis is configured, so agents on
        // different hosts see the same queue.
        var signalR = services.AddSignalR();
        if (StoreRegistration.UsesRedis(configuration))
        {
            signalR.AddStackExchangeRedis();
            // Its own connection, made as the host's others are (fail fast, reconnect every half second, Sentinel
            // followed without blocking), not with the client's defaults.
            services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>().Configure<RedisConnections>((redis, connections) =>
                redis.ConnectionFactory = log => connections.ConnectAsync(log, StackExchange.Redis.RedisChannel.Literal("huduma:signalr")));
        }
        services.AddOptions<ConsoleSignOutOptions>().Bind(configuration.GetSection(ConsoleSignOutOptions.Section)).ValidateProblemOnStart(o => o.Problem());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ConsoleSignOutOptions>>().Value);
        services.AddSingleton<ConsoleSignOuts>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleSignOuts>());
        services.AddSingleton<EscalationViews>();
        services.AddSingleton<IEscalationListener, AgentHubNotifier>();
        services.AddAssignment(configuration);
        services.AddSla(configuration);
        return services;
    }

    public static void MapAgents(this WebApplication app)
    {
        app.MapAgentApi(app.Services.GetRequiredService<AgentKeyFilter>());
        app.MapStaffPage("/agents", Path.Combine(AppContext.BaseDirectory, "Agents", "agents.html"), "Agent console", AccountSetup.AgentPolicy);
        app.MapGet("/agents/api/csrf", (HttpContext http, IAntiforgery antiforgery) => Results.Ok(new
        {
            token = antiforgery.GetAndStoreTokens(http).RequestToken, name = http.User.Identity?.Name,
        })).RequireAuthorization(AccountSetup.AgentPolicy);
        // Canned replies from content, both languages; the console fills in the ticket's.
        app.MapGet("/agents/api/canned", (ContentBundle content) => Results.Ok(content.Prompts
            .Where(p => p.Key.StartsWith(PromptKeys.CannedPrefix, StringComparison.Ordinal))
            .Select(p => new { id = p.Key[PromptKeys.CannedPrefix.Length..], en = p.Value.En, sw = p.Value.Sw })))
            .RequireAuthorization(AccountSetup.AgentPolicy);
        app.MapAgentConsoleApi();
        app.MapAssignment(app.Services.GetRequiredService<AgentKeyFilter>());
        app.MapSupervisorDashboard();
        app.MapPersonalDataAudit();
        app.MapHub<AgentHub>(AgentHub.Path);
        var options = app.Services.GetRequiredService<AgentApiOptions>();
        if (app.Services.GetRequiredService<DemoAgentKey>().IsDemo)
            app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
                "Agents' API demo key (embedded default only), acting as {Agent}: {Header}: {Key}", DemoAgent, AgentKeyFilter.Header, options.Keys[0].Key));
        else if (options.Keys.Count == 0)
            app.Logger.LogWarning("{Section}:Keys is empty: the agents' API refuses every call.", AgentApiOptions.Section);
    }

    private sealed record DemoAgentKey(bool IsDemo);
}
