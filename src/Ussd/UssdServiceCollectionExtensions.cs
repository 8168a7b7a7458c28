using Huduma.Contact.Core.Content;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Ussd;

public static class UssdServiceCollectionExtensions
{
    /// <summary>The USSD channel, configured from the "Ussd" section and checked before the host starts.</summary>
    public static IServiceCollection AddUssd(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UssdOptions>().Bind(configuration.GetSection("Ussd"))
            .Validate(o => o.MaxScreenLength is >= 100 and <= UssdScreenRenderer.DefaultMaxLength,
                $"Ussd:MaxScreenLength must be between 100 and {UssdScreenRenderer.DefaultMaxLength} (GSM 03.90)")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero && o.ResumeWindow >= TimeSpan.Zero,
                "Ussd:SessionLifetime must be positive and Ussd:ResumeWindow not negative")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<UssdOptions>>().Value);
        services.AddSingleton<UssdHopHandler>();
        services.AddSingleton<IContentCheck>(sp => new UssdContentCheck(sp.GetRequiredService<UssdOptions>().MaxScreenLength));
        return services;
    }
}
