namespace Huduma.Contact.Host.Wiring;

public sealed class RedisOptions
{
    public const string Section = "Redis";
    /// <summary>A StackExchange.Redis configuration string; empty = in-memory stores (the embedded default).</summary>
    public string? ConnectionString { get; set; }
}

public sealed class DemoOptions
{
    public const string Section = "Demo";
    /// <summary>Seed the synthetic register; defaults to on only for the in-memory embedded default.</summary>
    public bool? SeedRegister { get; set; }
    public int RegisterSize { get; set; } = 3000;
}

public sealed class SimulatorOptions
{
    public const string Section = "Simulator";
    /// <summary>The browser phone at /simulator. It is handed the callback secret: turn it off in production.</summary>
    public bool Enabled { get; set; } = true;
}

public sealed class ContentOptions
{
    public const string Section = "Content";
    /// <summary>Where content/*.yaml is read from; defaults to the shipped content.</summary>
    public string? Directory { get; set; }
}
