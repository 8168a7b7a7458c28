namespace Huduma.Contact.Core.State;

/// <summary>Redis:*, as the stores read it (the host's clients connect with Redis:ConnectionString too).</summary>
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
