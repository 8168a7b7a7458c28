namespace Huduma.Contact.Host.Register;

/// <summary>One agency allowed to write to the register (configuration "Register:Agencies:N:Name" and ":Key").</summary>
internal sealed class AgencyKey
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
}

/// <summary>The agencies' register API (section "Register").</summary>
internal sealed class AgencyApiOptions
{
    public const string Section = "Register";
    public List<AgencyKey> Agencies { get; set; } = [];
}
