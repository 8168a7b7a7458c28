namespace Huduma.Contact.Sms.AfricasTalking;

public sealed class AfricasTalkingOptions
{
    public const string Section = "AfricasTalking";
    public string? Username { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>The messaging API's base; the sandbox is https://api.sandbox.africastalking.com.</summary>
    public string BaseUrl { get; set; } = "https://api.africastalking.com";
    public string? SenderId { get; set; }
    /// <summary>Africa's Talking signs nothing: every callback URL carries this as ?token=.</summary>
    public string? CallbackSecret { get; set; }
    /// <summary>Optional allow-list of source addresses or networks (e.g. "196.201.214.0/24").</summary>
    public List<string> AllowedSourceAddresses { get; set; } = [];
}
