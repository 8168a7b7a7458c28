using Huduma.Contact.Core;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Host.Metrics;
using Huduma.Contact.Voice;
using Huduma.Contact.Voice.AfricasTalking;
using Huduma.Contact.Voice.Twilio;
using Huduma.Contact.Bot;
using Huduma.Contact.Bot.Connector;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.Host.Admin;
using Huduma.Contact.Host.Bench;
using Huduma.Contact.Host.Health;
using Huduma.Contact.Host.Register;
using Huduma.Contact.Host.Reminders;
using Huduma.Contact.Host.Security;
using Huduma.Contact.Host.Simulator;
using Huduma.Contact.Sms;
using Huduma.Contact.Sms.AfricasTalking;
using Huduma.Contact.Sms.Twilio;
using Huduma.Contact.Ussd;
using Huduma.Contact.Ussd.AfricasTalking;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Host.Wiring;

/// <summary>Everything Program.cs wires, in one place a newcomer can read top to bottom.</summary>
internal static class HudumaContactSetup
{
    public static void AddHudumaContact(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.AddJsonLogDefaults();
        builder.Services.AddSingleton(TimeProvider.System);
        var demo = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        demo.SeedRegister ??= !StoreRegistration.UsesRedis(configuration);
        builder.Services.AddSingleton(demo);
        builder.Services.AddSingleton(SimulatorOptions.From(configuration));

        builder.Services.AddRedisClients(configuration);
        builder.Services.AddHudumaCore(configuration);
        builder.Services.AddProductionSwitch(configuration);
        builder.Services.AddUssd(configuration);
        builder.Services.AddSms(configuration);
        builder.Services.AddVoice(configuration);
        builder.Services.AddHangfireJobs(configuration);
        builder.Services.AddDirectLine(configuration, StoreRegistration.UsesRedis(configuration));
        builder.Services.AddAgencyApi(configuration);
        builder.Services.AddAgentApi(configuration);
        builder.Services.AddStaffAccounts(configuration);
        builder.Services.AddSingleton<ImportJobs>();
        builder.Services.AddSingleton<AfricasTalkingCallbackFilter>();
        builder.Services.AddSingleton<TwilioSignatureFilter>();
        builder.Services.AddSingleton<ProviderFormFilter>();
        builder.Services.AddHudumaHealth();
        builder.Services.AddHudumaMetrics(builder.Configuration);
        builder.Services.AddHudumaTracing(builder.Configuration);
        if (demo.SeedRegister == true) builder.Services.AddHostedService<DemoRegisterSeeder>();
    }

    public static void UseHudumaContact(this WebApplication app)
    {
        HudumaCoreServices.EnsureContentIsValid(app.Services);
        WarnAboutOpenDoors(app);

        app.UseSimulatorForwarding();
        app.UseRouting();
        app.UseStaticFiles();
        app.UseCors();
        app.UseWebSockets();
        app.UseStaffAccounts();
        app.MapHudumaHealth();
        app.MapHudumaMetrics();
        // Provider callbacks: held to be small readable forms and authenticated (a token for Africa's Talking,
        // the signature for Twilio, which needs the form read first), then handled by their channel.
        // The filters are singletons: AddEndpointFilter<T>() would construct one on every request.
        var atCallback = app.Services.GetRequiredService<AfricasTalkingCallbackFilter>();
        var providerForm = app.Services.GetRequiredService<ProviderFormFilter>();
        var twilioSignature = app.Services.GetRequiredService<TwilioSignatureFilter>();
        // Each channel's requests are timed first, so that the refusals of the filters after it are counted too.
        var timed = app.Services.GetRequiredService<ChannelRequestMetrics>();
        app.MapAfricasTalkingUssd().AddEndpointFilter(timed.For(ChannelNames.Ussd, Providers.AfricasTalking))
            .AddEndpointFilter(atCallback).AddEndpointFilter(providerForm);
        app.MapAfricasTalkingSms().AddEndpointFilter(timed.For(ChannelNames.Sms, Providers.AfricasTalking))
            .AddEndpointFilter(atCallback).AddEndpointFilter(providerForm);
        app.MapTwilioSms().AddEndpointFilter(timed.For(ChannelNames.Sms, Providers.Twilio))
            .AddEndpointFilter(providerForm).AddEndpointFilter(twilioSignature);
        app.MapAfricasTalkingVoice().AddEndpointFilter(timed.For(ChannelNames.Voice, Providers.AfricasTalking))
            .AddEndpointFilter(atCallback).AddEndpointFilter(providerForm);
        app.MapTwilioVoice().AddEndpointFilter(timed.For(ChannelNames.Voice, Providers.Twilio))
            .AddEndpointFilter(providerForm).AddEndpointFilter(twilioSignature);
        app.MapVoiceAudio();
        app.MapRegisterApi();
        app.MapDirectLine().AddEndpointFilter(timed.For(ChannelNames.Chat, Providers.DirectLine));
        app.MapBotConnector().AddEndpointFilter(timed.For(ChannelNames.Chat, Providers.BotFramework));
        app.MapAgents();
        app.MapAdmin();
        app.MapHangfireDashboardForAdmins();
        if (app.Services.GetRequiredService<SimulatorOptions>().Enabled)
        {
            app.MapSimulator();
            app.MapGet("/", () => Results.Redirect("/simulator"));
        }
        if (app.Configuration.GetValue<bool>("Bench:Floor"))
        {
            app.MapBenchFloor();
            app.MapBenchMemory();
        }
        app.Lifetime.ApplicationStarted.Register(() => PrintUrls(app));
    }

    /// <summary>The embedded default runs without secrets; say so loudly, every start.</summary>
    private static void WarnAboutOpenDoors(WebApplication app)
    {
        var at = app.Services.GetRequiredService<IOptions<AfricasTalkingOptions>>().Value;
        if (string.IsNullOrEmpty(at.CallbackSecret))
            app.Logger.LogWarning("AfricasTalking:CallbackSecret is not set: anyone can post to the Africa's Talking callbacks. " +
                                  "Set it (and add ?token=<secret> to the callback URLs at Africa's Talking) before going live.");
        if (app.Services.GetRequiredService<SimulatorOptions>().Enabled && app.Configuration.GetValue<bool?>($"{SimulatorOptions.Section}:Enabled") == true)
            app.Logger.LogWarning("Simulator:Enabled=true: anyone who reaches /simulator can use the channels as any phone number. Never in production.");
        var twilio = app.Services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        if (!twilio.VerifiesSignatures)
            app.Logger.LogWarning(twilio.RefuseUnsigned
                ? "No Twilio account is configured: the Twilio webhooks (/sms/twilio/*, /voice/twilio*) refuse every call."
                : "Twilio:AuthToken is not set: Twilio webhook signatures are not checked.");
        if (!app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.RequireSecrets && StoreRegistration.UsesRedis(app.Configuration))
            app.Logger.LogWarning("Security:RequireSecrets=false on a host with Redis: it starts without the secrets that authenticate its callers. Never in production.");
        if (app.Services.GetRequiredService<DirectLineOptions>().IsOpen)
            app.Logger.LogWarning("DirectLine:Secret is not set: the Direct Line API is open to anyone (tokens are still signed, with a key that changes at every start).");
        if (app.Services.GetRequiredService<BotConnectorOptions>().IsOpen)
            app.Logger.LogWarning("Bot:MicrosoftAppId is not set: /api/messages takes activities without a token (as the Bot Framework Emulator expects) and answers only channels on this machine.");
        if (!StoreRegistration.UsesRedis(app.Configuration))
            app.Logger.LogWarning("Redis:ConnectionString is not set: sessions and the register live in memory and vanish on restart.");
    }

    private static void PrintUrls(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
            app.Logger.LogInformation("Huduma Contact is up: simulator {Url}/simulator, USSD callback {Url}/ussd/africastalking, health {Url}/health/ready",
                address, address, address);
    }
}
