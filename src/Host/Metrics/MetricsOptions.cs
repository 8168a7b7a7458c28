using System.Net;

namespace Huduma.Contact.Host.Metrics;

/// <summary>Who may scrape /metrics, and how often the gauges that need a store read are read (configuration section "Metrics").</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// The networks a scrape may come from (CIDR, e.g. "10.0.0.0/8" for the cluster's Prometheus); loopback
    /// only when none is set (not a default list: configuration adds to a list, it would keep loopback in).
    /// Anyone else gets 403: the figures are the line's, not the public's.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>
    /// How often the gauges that need a Redis read (reminders due, the outbound SMS backlog) are read into memory,
    /// where a scrape finds them: a scrape never waits on Redis. Prometheus's usual scrape interval.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    private static readonly string[] Loopback = ["127.0.0.0/8", "::1/128"];

    public bool IsValid() => AllowedNetworks.All(n => IPNetwork.TryParse(n, out _));

    /// <summary>Often enough to see a queue grow, not so often that every host's reads add up: 100 ms to 10 minutes.</summary>
    public bool SampleIntervalIsValid() => SampleInterval >= TimeSpan.FromMilliseconds(100) && SampleInterval <= TimeSpan.FromMinutes(10);

    public IReadOnlyList<IPNetwork> Networks() => (AllowedNetworks.Count == 0 ? Loopback : (IEnumerable<string>)AllowedNetworks).Select(IPNetwork.Parse).ToList();
}
