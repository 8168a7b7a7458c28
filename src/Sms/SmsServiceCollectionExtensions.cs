using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;
using Huduma.Contact.Sms.AfricasTalking;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.Sms.Menus;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.Sms.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace Huduma.Contact.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>The SMS channel: keywords, the SMS dialog, callbacks' dependencies, and the outbound providers.</summary>
    public static IServiceCollection AddSms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section))
            .Validate(TwilioOptions.TokenHasItsAccount, "Twilio:AuthToken is set without Twilio:AccountSid: every Twilio webhook would be refused " +
                "as from an unknown account. Set Twilio:AccountSid (a subaccount's token goes under Twilio:AdditionalAccounts:<sid>).")
            .ValidateOnStart();
        services.Configure<AfricasTalkingOptions>(configuration.GetSection(AfricasTalkingOptions.Section));
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section))
            .Validate(o => SmsOptions.Providers.Contains(o.Primary) && (string.IsNullOrEmpty(o.Secondary) || SmsOptions.Providers.Contains(o.Secondary)),
                $"Sms:Primary and Sms:Secondary must be one of {string.Join(", ", SmsOptions.Providers)}")
            .Validate(o => o.Queue.IsValid(), "Sms:Queue: ClaimAfter, SendingLease, GiveUpAfter and PollInterval (at most a minute) must be more than 0, " +
                "UnknownWait not negative, Parallelism 1 to 1000")
            .Validate(o => o.ConversationLifetimeIsValid(), SmsOptions.ConversationLifetimeRule)
            .ValidateOnStart();

        services.AddSingleton<SmsKeywordParser>();
        services.AddSingleton<SmsMenuRenderer>();
        services.AddSingleton<SmsMenus>();
        services.AddSingleton<SmsConversation>();
        services.AddSingleton<SmsThread>();
        services.AddSingleton<IEscalationListener, SmsRatingRequest>();
        services.AddSingleton<SmsInbox>();
        // Replies wait in the durable outbound queue (ISmsQueue, registered with the stores); every host drains it.
        services.AddSingleton<SmsQueueSignal>();
        services.AddSingleton<SmsQueueDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<SmsQueueDrain>());
        services.AddSingleton<OptOutList>();
        services.AddSingleton<SmsOutbox>();
        services.AddSingleton<SimulatorSmsSender>();
        services.AddSingleton<IContentCheck, SmsContentCheck>();
        services.AddSingleton<SmsMetrics>();
        services.AddSingleton<ISmsDeliveryListener>(sp => sp.GetRequiredService<SmsMetrics>());
        services.AddSingleton<SmsCircuitGauge>();
        services.AddSingleton<ISampledGauge, SmsBacklogGauge>();

        // Each provider's HttpClient has the standard resilience pipeline, configured once below; its circuit
        // breaker's state is shown at /metrics (the options are read, so the gauge appears, as the host starts).
        services.AddSingleton<AfricasTalkingSmsProvider>();
        services.AddHttpClient(AfricasTalkingSmsProvider.HttpClientName).AddStandardResilienceHandler(ProviderResilience)
            .Configure((o, sp) => o.CircuitBreaker.StateProvider = sp.GetRequiredService<SmsCircuitGauge>().For(AfricasTalkingSms.Provider));

        services.AddSingleton<TwilioSmsProvider>();
        var twilio = services.AddHttpClient(TwilioSmsProvider.HttpClientName);
        if (configuration[$"{TwilioOptions.Section}:BaseUrl"] is { Length: > 0 } twilioBase)
            twilio.AddHttpMessageHandler(() => new BaseAddressRewriteHandler(new Uri(twilioBase)));
        twilio.AddStandardResilienceHandler(ProviderResilience)
            .Configure((o, sp) => o.CircuitBreaker.StateProvider = sp.GetRequiredService<SmsCircuitGauge>().For(TwilioSms.Provider));

        services.AddSingleton<ISmsSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SmsOptions>>().Value;
            ISmsProvider Provider(string name) => name switch
            {
                "AfricasTalking" => sp.GetRequiredService<AfricasTalkingSmsProvider>(),
                "Twilio" => sp.GetRequiredService<TwilioSmsProvider>(),
                _ => sp.GetRequiredService<SimulatorSmsSender>(),
            };
            var chain = new List<ISmsProvider> { Provider(options.Primary) };
            if (!string.IsNullOrEmpty(options.Secondary) && options.Secondary != options.Primary) chain.Add(Provider(options.Secondary));
            var limits = chain.Select(p => (p.Name, Rate: options.RatePerSecond.GetValueOrDefault(ConfigName(p.Name))))
                .Where(x => x.Rate > 0).ToDictionary(x => x.Name,
                    x => (RateLimiter)new FleetSendRate(sp.GetRequiredService<IStateStore>(), x.Name, x.Rate, sp.GetRequiredService<TimeProvider>()));
            return new SmsDispatcher(chain, sp.GetRequiredService<SmsOutbox>(), sp.GetRequiredService<OptOutList>(),
                sp.GetRequiredService<ILogger<SmsDispatcher>>(), limits, sp.GetRequiredService<SmsMetrics>());
        });
        return services;
    }

    /// <summary>The configuration name of a provider (Sms:Primary's words) from its recorded name.</summary>
    private static string ConfigName(string provider) => provider switch
    {
        AfricasTalkingSms.Provider => "AfricasTalking",
        TwilioSms.Provider => "Twilio",
        _ => "Simulator",
    };

    /// <summary>
    /// Timeouts, a circuit breaker and retries with jitter — retrying only when the provider said it did
    /// not take the message (5xx, 429): after a time-out the message's fate is unknown, and a second copy
    /// is not what a citizen wants. The dispatcher then fails over to the secondary provider.
    /// </summary>
    private static void ProviderResilience(HttpStandardResilienceOptions o)
    {
        o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
        o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(20);
        o.Retry.ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Result is { } r && ((int)r.StatusCode >= 500 || (int)r.StatusCode == 429));
    }
}
