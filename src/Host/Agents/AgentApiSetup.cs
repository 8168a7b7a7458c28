using System.Security.Cryptography;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Wiring;
using Microsoft.AspNetCore.Antiforgery;

namespace Huduma.Contact.Host.Agents;

internal static class AgentApiSetup
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
        services.AddSingleton<EscalationViews>();
        services.AddSingleton<IEscalationListener, AgentHubNotifier>();
        return services;
    }

    public static void MapAgents(this WebApplication app)
    {
        app.MapAgentApi(app.Services.GetRequiredService<AgentKeyFilter>());
        var page = Path.Combine(AppContext.BaseDirectory, "Agents", "agents.html");
        app.MapGet("/agents", () => Results.File(page, "text/html; charset=utf-8")).RequireAuthorization(AccountSetup.AgentPolicy);
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
        app.MapSupervisorDashboard();
        app.MapHub<AgentHub>(AgentHub.Path);
        var options = app.Services.GetRequiredService<AgentApiOptions>();
        if (app.Services.GetRequiredService<DemoAgentKey>().IsDemo)
            app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
                "Agents' API demo key (embedded default only): {Header}: {Key}", AgentKeyFilter.Header, options.Key));
        else if (options.Key.Length == 0)
            app.Logger.LogWarning("{Section}:Key is empty: the agents' API refuses every call.", AgentApiOptions.Section);
    }

    private sealed record DemoAgentKey(bool IsDemo);
}
