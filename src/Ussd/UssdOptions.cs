namespace Huduma.Contact.Ussd;

public sealed class UssdOptions
{
    /// <summary>The code the simulator dials.</summary>
    public string ServiceCode { get; set; } = "*384*1919#";
    /// <summary>Characters per screen: 182 by GSM 03.90; some networks show ~160 comfortably.</summary>
    public int MaxScreenLength { get; set; } = UssdScreenRenderer.DefaultMaxLength;
    /// <summary>Networks end a whole USSD session after about three minutes.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(3);
    /// <summary>How long after a dropped session a redial may continue where it left off.</summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromMinutes(5);
}
