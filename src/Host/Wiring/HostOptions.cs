namespace Huduma.Contact.Host.Wiring;

internal sealed class DemoOptions
{
    public const string Section = "Demo";
    /// <summary>Seed the synthetic register; defaults to on only for the in-memory embedded default.</summary>
    public bool? SeedRegister { get; set; }
    public int RegisterSize { get; set; } = 3000;
}

internal sealed class SimulatorOptions
{
    public const string Section = "Simulator";
    /// <summary>
    /// The browser phone at /simulator. Anyone who reaches it can use the channels as any phone number,
    /// so unless Simulator:Enabled says otherwise it is on only on the embedded default.
    /// </summary>
    public bool Enabled { get; set; }

    public static SimulatorOptions From(IConfiguration configuration) => new()
    {
        Enabled = configuration.GetValue<bool?>($"{Section}:Enabled") ?? IsEmbeddedDefault(configuration),
    };

    /// <summary>No Redis and no real provider: nothing a stranger could reach through the simulator but demo data.</summary>
    private static bool IsEmbeddedDefault(IConfiguration configuration)
    {
        string[] providers = ["AfricasTalking", "Twilio"];
        return !StoreRegistration.UsesRedis(configuration)
               && !providers.Contains(configuration["Sms:Primary"]) && !providers.Contains(configuration["Sms:Secondary"])
               && string.IsNullOrEmpty(configuration["AfricasTalking:ApiKey"]) && string.IsNullOrEmpty(configuration["Twilio:AccountSid"]);
    }
}
