using System.Text.RegularExpressions;

namespace Huduma.Contact.Infra.Tests;

/// <summary>
/// The metric names the dashboard and the alerts may use, as Prometheus shows them at /metrics: the
/// host's own (issue 23's catalog, notes/metrics-catalog.md, from the "Huduma.Contact" meter), ASP.NET
/// Core's request duration, and Prometheus's own `up`. Kept here rather than read from the host so that
/// a renamed instrument shows up as a dashboard query that no longer matches: rename both together.
/// </summary>
internal static partial class MetricCatalog
{
    /// <summary>Histograms: Prometheus shows each as _bucket, _count and _sum series.</summary>
    public static readonly string[] Histograms =
    [
        "huduma_channel_request_duration_seconds",
        "huduma_sms_provider_duration_seconds",
        "http_server_request_duration_seconds", // ASP.NET Core's, per http_route, status and method
    ];

    /// <summary>Counters: each host counts its own, so they are summed across hosts.</summary>
    public static readonly string[] Counters =
    [
        "huduma_dialog_outcomes_total",
        "huduma_sms_sent_total",
        "huduma_sms_delivered_total",
        "huduma_sms_failed_total",
        "huduma_reminders_sent_total",
        "huduma_escalations_opened_total",
        "huduma_sla_breaches_total",
        "huduma_redis_errors_total",
    ];

    /// <summary>Gauges every host samples from the same Redis: the same figure on each host, so max() across hosts.</summary>
    public static readonly string[] SharedGauges =
    [
        "huduma_sms_circuit_open",
        "huduma_sms_outbound_backlog",
        "huduma_reminders_due",
        "huduma_escalations_waiting",
        "huduma_escalations_longest_wait_seconds",
    ];

    /// <summary>Prometheus's own: 1 when the scrape answered.</summary>
    public static readonly string[] Scrape = ["up"];

    public static IEnumerable<string> SeriesNames =>
        Histograms.SelectMany(h => new[] { h + "_bucket", h + "_count", h + "_sum" }).Concat(Counters).Concat(SharedGauges).Concat(Scrape);

    private static readonly HashSet<string> Keywords =
        ["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan"];

    /// <summary>
    /// The metric names a PromQL expression selects: identifiers left once strings, label matchers, ranges,
    /// grouping lists and function names are taken out.
    /// </summary>
    public static IReadOnlyList<string> MetricsIn(string expr)
    {
        var text = StringLiteral().Replace(expr, "\"\"");
        text = LabelMatchers().Replace(text, "{}");
        text = Ranges().Replace(text, "[]");
        text = GroupingLists().Replace(text, " ");
        return Identifier().Matches(text).Select(m => m.Value).Where(name => !Keywords.Contains(name.ToLowerInvariant())).Distinct().ToList();
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")] private static partial Regex StringLiteral();
    [GeneratedRegex(@"\{[^}]*\}")] private static partial Regex LabelMatchers();
    [GeneratedRegex(@"\[[^\]]*\]")] private static partial Regex Ranges();
    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")] private static partial Regex GroupingLists();
    // An identifier that is not a function call, not a number, not a duration (5m).
    [GeneratedRegex(@"(?<![\w:.$])[a-zA-Z_:][a-zA-Z0-9_:]*(?!\s*\()(?![\w:])")] private static partial Regex Identifier();
}
