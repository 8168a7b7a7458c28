namespace Huduma.Contact.Sms.Twilio;

public sealed class TwilioOptions
{
    public const string Section = "Twilio";
    public string? AccountSid { get; set; }
    /// <summary>Also the key that verifies X-Twilio-Signature on this account's webhooks.</summary>
    public string? AuthToken { get; set; }
    public string? BaseUrl { get; set; }
    public string? From { get; set; }
    /// <summary>Subaccounts: AccountSid → auth token. A webhook is verified with its own AccountSid's token.</summary>
    public Dictionary<string, string> AdditionalAccounts { get; set; } = [];

    /// <summary>
    /// Refuse every webhook when no account is configured, rather than take them unsigned. The host sets it
    /// in production (Security:RequireSecrets), where a deployment that does not use Twilio closes its door.
    /// </summary>
    public bool RefuseUnsigned { get; set; }

    public bool VerifiesSignatures => !string.IsNullOrEmpty(AuthToken) || AdditionalAccounts.Count > 0;

    /// <summary>A token without its account would refuse every webhook as from an unknown account.</summary>
    public static bool TokenHasItsAccount(TwilioOptions o) => string.IsNullOrEmpty(o.AuthToken) || !string.IsNullOrEmpty(o.AccountSid);

    public string? TokenFor(string? accountSid)
    {
        if (accountSid is null) return null;
        if (accountSid == AccountSid) return AuthToken;
        return AdditionalAccounts.GetValueOrDefault(accountSid);
    }
}
