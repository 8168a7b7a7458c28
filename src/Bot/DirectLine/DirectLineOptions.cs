namespace Huduma.Contact.Bot.DirectLine;

/// <summary>The self-hosted Direct Line (configuration section "DirectLine").</summary>
public sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>The secret that mints tokens (and may call the API itself). Empty: open, with a warning at start-up.</summary>
    public string Secret { get; set; } = "";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a quiet conversation and its activities are kept.</summary>
    public TimeSpan ConversationLifetime { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Origins whose pages may call the API (Web Chat embedded on another site); "*" for any.</summary>
    public List<string> AllowedOrigins { get; set; } = ["*"];
    /// <summary>The longest message text accepted.</summary>
    public int MaxTextLength { get; set; } = 2000;

    public bool IsOpen => string.IsNullOrEmpty(Secret);
}
