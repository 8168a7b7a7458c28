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

    public bool VerifiesSignatures => !string.IsNullOrEmpty(AuthToken) || AdditionalAccounts.Count > 0;

    public string? TokenFor(string? accountSid)
    {
        if (accountSid is null) return null;
        if (accountSid == AccountSid) return AuthToken;
        return AdditionalAccounts.GetValueOrDefault(accountSid);
    }
}
