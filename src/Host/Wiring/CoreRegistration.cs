using Huduma.Contact.Core.Actions;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Host.Wiring;

internal static class CoreRegistration
{
    public static IServiceCollection AddConversationEngine(this IServiceCollection services, IConfiguration configuration)
    {
        var directory = configuration[$"{ContentOptions.Section}:Directory"];
        services.AddSingleton(_ => ContentLoader.Load(string.IsNullOrWhiteSpace(directory) ? ContentLoader.DefaultDirectory() : directory));
        services.AddSingleton(configuration.GetSection("StatusLookup").Get<LookupRateLimitOptions>() ?? new LookupRateLimitOptions());
        services.AddSingleton<LookupRateLimit>();
        services.AddSingleton<DialogOutcomes>();
        services.AddSingleton<IEscalationListener>(sp => sp.GetRequiredService<DialogOutcomes>());
        services.AddSingleton<StatusLookup>();
        services.AddSingleton<PhoneProfiles>();
        services.AddSingleton<Huduma.Contact.Core.State.DailyCounters>();
        services.AddSingleton<IDialogAction, SetLanguageAction>();
        services.AddSingleton<IDialogAction, StatusLookupAction>();
        services.AddSingleton<IDialogAction, FindCentreAction>();
        services.AddSingleton<IDialogAction, ServiceDetailAction>();
        services.AddSingleton<IDialogAction, FaqAnswerAction>();
        services.AddSingleton<IDialogAction, RequestCallbackAction>();
        services.AddSingleton<DialogEngine>();
        // The one entry point of a turn for every channel (AgentHours comes with the voice channel's options).
        services.AddSingleton<Conversations>();
        // Core's rules for conversations of messages (SMS): ratings after a resolve, a kept lookup awaiting its reference.
        services.AddSingleton<RatingReplies>();
        services.AddSingleton<MessageStatus>();
        services.AddSingleton<EscalationDesk>();
        services.AddSingleton<EscalationMetrics>();
        services.AddSingleton<ISampledGauge, EscalationQueueGauge>();
        services.AddSingleton<PersonalDataAudit>();
        return services;
    }

    /// <summary>
    /// Loads and validates all content before the host takes traffic; any error stops start-up with
    /// the file, line and node to fix.
    /// </summary>
    public static void EnsureContentIsValid(IServiceProvider services)
    {
        var content = services.GetRequiredService<ContentBundle>();
        var actions = services.GetServices<IDialogAction>().ToList();
        ContentValidator.EnsureValid(content, actions.Select(a => a.Name).ToHashSet(),
            actions.ToDictionary(a => a.Name, a => a.Targets), services.GetServices<IContentCheck>());
    }
}
