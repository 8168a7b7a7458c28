using Huduma.Contact.Bot.Connector;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Bot.Handoff;
using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Huduma.Contact.Bot;

public static class BotServiceCollectionExtensions
{
    /// <summary>Direct Line and the chat bot; conversations in Redis when <paramref name="useRedis"/>, else in memory.</summary>
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration, bool useRedis)
    {
        var options = configuration.GetSection(DirectLineOptions.Section).Get<DirectLineOptions>() ?? new DirectLineOptions();
        services.AddSingleton(options);
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<ChatBot>();
        services.AddSingleton<ChatRenderer>();
        services.AddSingleton<ConversationLocks>();
        services.AddSingleton<StoreUnavailableFilter>();
        services.AddSingleton<ChatHandoff>();
        services.TryAddSingleton<IAgentNames, AgentNamesAsGiven>(); // the host adds its accounts' names first
        services.AddSingleton<IEscalationListener>(sp => sp.GetRequiredService<ChatHandoff>());
        services.AddSingleton<IAgentChat>(sp => sp.GetRequiredService<ChatHandoff>());
        AddConnector(services, configuration);
        services.AddSingleton(sp => new ConversationSignals(useRedis ? sp.GetRequiredService<IConnectionMultiplexer>() : null));
        if (useRedis) services.AddSingleton<IConversationLog>(sp => new RedisConversationLog(sp.GetRequiredService<IConnectionMultiplexer>(), options, sp.GetRequiredService<ConversationSignals>()));
        else services.AddSingleton<IConversationLog, InMemoryConversationLog>();
        services.AddCors(cors => cors.AddPolicy(DirectLineEndpoints.CorsPolicy, policy =>
        {
            // Web Chat embedded on another site: every header it asks for, Authorization included (see the protocol notes).
            if (options.AllowedOrigins.Contains("*")) policy.AllowAnyOrigin();
            else policy.WithOrigins([.. options.AllowedOrigins]);
            policy.AllowAnyHeader().AllowAnyMethod();
        }));
        return services;
    }

    /// <summary>The Bot Framework connector (POST /api/messages): its token checks and the client that posts replies.</summary>
    private static void AddConnector(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(BotConnectorOptions.Section).Get<BotConnectorOptions>() ?? new BotConnectorOptions();
        services.AddSingleton(options);
        services.AddSingleton<ConnectorAuthentication>();
        services.AddSingleton<ConnectorTokens>();
        services.AddSingleton<ConnectorChannel>();
        services.AddHttpClient(nameof(ConnectorAuthentication));
        // Retried only when the channel said it did not take the reply (5xx, 429): a second copy after a
        // time-out would show the citizen the same message twice.
        services.AddHttpClient(ConnectorChannel.HttpClientName).AddStandardResilienceHandler(o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(15);
            o.Retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } r && ((int)r.StatusCode >= 500 || (int)r.StatusCode == 429));
        });
    }
}
