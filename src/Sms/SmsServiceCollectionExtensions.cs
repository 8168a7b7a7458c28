using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Sms.Keywords;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.Sms.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>The SMS channel. Outbound goes through the simulator until provider senders are configured.</summary>
    public static IServiceCollection AddSms(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TwilioOptions>(configuration.GetSection(TwilioOptions.Section));
        services.AddSingleton<SmsKeywordParser>();
        services.AddSingleton<SmsConversation>();
        services.AddSingleton<SmsInbox>();
        services.AddSingleton<OptOutList>();
        services.AddSingleton<SimulatorSmsSender>();
        services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<SimulatorSmsSender>());
        services.AddSingleton<IContentCheck, SmsContentCheck>();
        return services;
    }
}
