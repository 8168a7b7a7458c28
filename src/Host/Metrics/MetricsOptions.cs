using System.Net;

namespace Huduma.Contact.Host.Metrics;

/// <summary>Who may scrape /metrics (configuration section "Metrics").</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// The networks a scrape may come from (CIDR, e.g. "10.0.0.0/8" for the cluster's Prometheus); loopback
    /// only when none is set (not a default list: configuration adds to a list, it would keep loopback in).
    /// Anyone else gets 403: the figures are the line's, not the public's.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    private static readonly string[] Loopback = ["127.0.0.0/8", "::1/128"];

    public bool IsValid() => AllowedNetworks.All(n => IPNetwork.TryParse(n, out _));

    public IReadOnlyList<IPNetwork> Networks() => (AllowedNetworks.Count == 0 ? Loopback : (IEnumerable<string>)AllowedNetworks).Select(IPNetwork.Parse).ToList();
}
