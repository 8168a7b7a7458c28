using Huduma.Contact.Core.Content;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Ussd;

public static class UssdServiceCollectionExtensions
{
    public static IServiceCollection AddUssd(this IServiceCollection services, UssdOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<UssdHopHandler>();
        services.AddSingleton<IContentCheck>(new UssdContentCheck(options.MaxScreenLength));
        return services;
    }
}
