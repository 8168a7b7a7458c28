using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Host.Wiring;
using Huduma.Contact.Sms;
using Huduma.Contact.Sms.AfricasTalking;
using Huduma.Contact.Sms.Twilio;
using Microsoft.Extensions.Options;

namespace Huduma.Contact.Host.Security;

internal sealed class SecurityOptions
{
    public const string Section = "Security";
    /// <summary>Refuse to start without the secrets that close the webhooks. Unset: on whenever Redis is configured.</summary>
    public bool RequireSecrets { get; set; }
    /// <summary>Why the switch is on, for the message ("Redis configured" or "Security:RequireSecrets").</summary>
    public string Reason { get; set; } = "";
}

/// <summary>
/// The production switch. The embedded default runs open (and warns); a deployment on Redis is
/// production, and starts only with the secrets that authenticate its callers: Africa's Talking's
/// callback secret (USSD, SMS and voice callbacks are always served), the Direct Line secret, and a
/// Twilio account when SMS go out through Twilio. A deployment that does not use Twilio needs no
/// account: its Twilio webhooks then refuse every call instead of taking them unsigned.
/// </summary>
internal static class ProductionSwitch
{
    public static IServiceCollection AddProductionSwitch(this IServiceCollection services, IConfiguration configuration)
    {
        var explicitly = configuration.GetValue<bool?>($"{SecurityOptions.Section}:RequireSecrets");
        var options = new SecurityOptions
        {
            RequireSecrets = explicitly ?? StoreRegistration.UsesRedis(configuration),
            Reason = explicitly is null ? "Redis configured" : "Security:RequireSecrets",
        };
        services.AddOptions<SecurityOptions>().Configure(o => (o.RequireSecrets, o.Reason) = (options.RequireSecrets, options.Reason)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, RequiredSecrets>();
        if (options.RequireSecrets) services.PostConfigure<TwilioOptions>(t => t.RefuseUnsigned = true);
        return services;
    }
}

/// <summary>What <see cref="ProductionSwitch"/> requires: every missing secret, named in one message.</summary>
internal sealed class RequiredSecrets(IOptions<AfricasTalkingOptions> africasTalking, IOptions<TwilioOptions> twilio,
    IOptions<SmsOptions> sms, DirectLineOptions directLine) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        if (!options.RequireSecrets) return ValidateOptionsResult.Success;
        var missing = Missing().ToList();
        return missing.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Production mode ({options.Reason}): missing {string.Join(", ", missing)}. " +
                                         "Set them, or Security:RequireSecrets=false for a trial that is not reachable from outside.");
    }

    private IEnumerable<string> Missing()
    {
        if (string.IsNullOrEmpty(africasTalking.Value.CallbackSecret)) yield return "AfricasTalking:CallbackSecret";
        var t = twilio.Value;
        var usesTwilio = sms.Value.Primary == "Twilio" || sms.Value.Secondary == "Twilio"
                         || !string.IsNullOrEmpty(t.AccountSid) || !string.IsNullOrEmpty(t.From);
        if (usesTwilio && string.IsNullOrEmpty(t.AccountSid)) yield return "Twilio:AccountSid";
        if (usesTwilio && string.IsNullOrEmpty(t.AuthToken)) yield return "Twilio:AuthToken";
        if (directLine.IsOpen) yield return "DirectLine:Secret";
    }
}
