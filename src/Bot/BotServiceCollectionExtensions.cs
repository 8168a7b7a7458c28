using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Bot.Handoff;
using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        services.AddSingleton<ChatHandoff>();
        services.AddSingleton<IEscalationListener>(sp => sp.GetRequiredService<ChatHandoff>());
        services.AddSingleton(sp => new ConversationSignals(useRedis ? sp.GetRequiredService<IConnectionMultiplexer>() : null));
        if (useRedis) services.AddSingleton<IConversationLog>(sp => new RedisConversationLog(sp.GetRequiredService<IConnectionMultiplexer>(), options));
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
}
