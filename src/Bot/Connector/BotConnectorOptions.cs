namespace Huduma.Contact.Bot.Connector;

/// <summary>The Bot Framework connector, POST /api/messages (configuration section "Bot").</summary>
public sealed class BotConnectorOptions
{
    public const string Section = "Bot";

    /// <summary>The bot's app id: the audience incoming tokens must name. Empty: open, as the Emulator expects (with a warning).</summary>
    public string MicrosoftAppId { get; set; } = "";
    /// <summary>The app's secret, for the bot's own token when it posts replies to a channel.</summary>
    public string MicrosoftAppPassword { get; set; } = "";
    /// <summary>Where the channels' signing keys are published (its jwks_uri). Tests point it at a local endpoint.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public string Issuer { get; set; } = "https://api.botframework.com";
    /// <summary>Where the bot gets its own token (client credentials) to post replies.</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";
    public string TokenScope { get; set; } = "https://api.botframework.com/.default";
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsOpen => string.IsNullOrEmpty(MicrosoftAppId);
}
