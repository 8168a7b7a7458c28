using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Voice;

public static class VoiceServiceCollectionExtensions
{
    /// <summary>The voice channel, configured from the "Voice" section (a bad AgentHours stops start-up with its name).</summary>
    public static IServiceCollection AddVoice(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(VoiceOptions.Section).Get<VoiceOptions>() ?? new VoiceOptions();
        services.AddSingleton(options);
        // Core's handoff policy reads the agents' hours from here (Voice:AgentHours, Voice:AgentDays, Voice:TimeZone).
        services.AddSingleton(sp => new AgentHours(options.AgentHours, options.AgentDays, options.TimeZone, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<VoiceDialog>();
        services.AddSingleton<VoiceCallLog>();
        services.AddSingleton<VoiceAudio>();
        services.AddSingleton<IContentCheck, VoiceContentCheck>();
        return services;
    }
}
