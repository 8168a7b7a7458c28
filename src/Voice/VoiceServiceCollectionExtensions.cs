using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Voice;

public static class VoiceServiceCollectionExtensions
{
    /// <summary>The voice channel, configured from the "Voice" section (agents' hours there are Core's: <see cref="AgentHoursOptions"/>).</summary>
    public static IServiceCollection AddVoice(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(VoiceOptions.Section).Get<VoiceOptions>() ?? new VoiceOptions();
        services.AddSingleton(options);
        // Checked as the host starts: a call's session lifetime out of range stops it with the setting's name.
        services.AddOptions<VoiceOptions>().Bind(configuration.GetSection(VoiceOptions.Section)).Validate(o => o.IsValid(), VoiceOptions.Rule).ValidateOnStart();
        services.AddSingleton<VoiceDialog>();
        services.AddSingleton<VoiceCallLog>();
        services.AddSingleton<VoiceAudio>();
        services.AddSingleton<IContentCheck, VoiceContentCheck>();
        return services;
    }
}
