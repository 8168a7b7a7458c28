using System.Security.Cryptography;
using Huduma.Contact.Host.Wiring;

namespace Huduma.Contact.Host.Register;

internal static class RegisterSetup
{
    public const string DemoAgency = "demo-agency";

    /// <summary>
    /// The agencies' keys from configuration. The embedded default (no Redis) makes a random demo key,
    /// printed at start-up so a newcomer can try the API; a configured deployment never does.
    /// </summary>
    public static IServiceCollection AddAgencyApi(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AgencyApiOptions.Section).Get<AgencyApiOptions>() ?? new AgencyApiOptions();
        if (options.Agencies.Count == 0 && !StoreRegistration.UsesRedis(configuration))
            options.Agencies.Add(new AgencyKey { Name = DemoAgency, Key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) });
        services.AddSingleton(options);
        services.AddSingleton<AgencyKeyFilter>();
        return services;
    }

    public static void MapRegisterApi(this WebApplication app)
    {
        app.MapAgencyApi(app.Services.GetRequiredService<AgencyKeyFilter>());
        var options = app.Services.GetRequiredService<AgencyApiOptions>();
        if (options.Agencies.FirstOrDefault(a => a.Name == DemoAgency) is { } demo)
            app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
                "Register API demo key (embedded default only): {Header}: {Key}", AgencyKeyFilter.Header, demo.Key));
        else if (options.Agencies.Count == 0)
            app.Logger.LogWarning("Register:Agencies is empty: the agencies' register API refuses every call.");
    }
}
