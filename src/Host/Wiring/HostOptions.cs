namespace Huduma.Contact.Host.Wiring;

internal sealed class RedisOptions
{
    public const string Section = "Redis";
    /// <summary>A StackExchange.Redis configuration string; empty = in-memory stores (the embedded default).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Writes a provider is told are safe (an inbound SMS's queued reply) wait until this many replicas
    /// have them (WAIT), or fail so the provider retries. 0 = off: a single server has no replicas. Turn it
    /// on (1) on Sentinel and Cluster deployments, whose replication is otherwise asynchronous.
    /// </summary>
    public int ReplicasToAcknowledge { get; set; }

    /// <summary>How long such a write waits for its replicas.</summary>
    public TimeSpan ReplicaTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    public bool AcknowledgementIsValid() =>
        ReplicasToAcknowledge is >= 0 and <= 5 && ReplicaTimeout > TimeSpan.Zero && ReplicaTimeout <= TimeSpan.FromSeconds(10);
}

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

internal sealed class ContentOptions
{
    public const string Section = "Content";
    /// <summary>Where content/*.yaml is read from; defaults to the shipped content.</summary>
    public string? Directory { get; set; }
}
