using System.Text.RegularExpressions;

namespace Huduma.Contact.Infra.Tests;

/// <summary>infra/prometheus/: the alerting rules as Prometheus loads them, and their unit tests as promtool runs them.</summary>
public sealed class AlertRulesTests
{
    [Fact]
    public async Task Alert_rules_pass_promtools_check()
    {
        var output = await Promtool.RunAsync(Promtool.PrometheusFolder, "check", "rules", "alerts.yml");
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public async Task Every_alert_fires_and_stays_quiet_as_its_promtool_unit_tests_say()
    {
        var output = await Promtool.RunAsync(Promtool.PrometheusFolder, "test", "rules", "alerts.test.yml");
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public async Task The_scrape_config_for_systemd_hosts_passes_promtools_check_with_the_alerts()
    {
        var output = await Promtool.RunAsync(Promtool.PrometheusFolder, "check", "config", "prometheus.yml");
        Assert.Contains("SUCCESS: 1 rule files found", output);
    }

    [Fact]
    public void Every_alert_has_a_unit_test_that_sees_it_fire_and_one_that_sees_it_quiet()
    {
        var tests = PrometheusRuleFiles.AlertTests().Tests.SelectMany(t => t.AlertRuleTest).ToList();
        foreach (var alert in Alerts())
        {
            var own = tests.Where(t => t.Alertname == alert.Alert).ToList();
            Assert.True(own.Any(t => t.ExpAlerts.Count > 0), $"{alert.Alert}: no unit test expects it to fire");
            Assert.True(own.Any(t => t.ExpAlerts.Count == 0), $"{alert.Alert}: no unit test expects it to stay quiet");
        }
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_runbook_section_in_the_infra_README()
    {
        var anchors = InfraReadme.Anchors();
        foreach (var alert in Alerts())
        {
            Assert.True(alert.Labels.TryGetValue("severity", out var severity) && severity is "critical" or "warning",
                $"{alert.Alert}: severity must be critical or warning, not '{severity}'");
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")), $"{alert.Alert}: no summary");
            var runbook = alert.Annotations.GetValueOrDefault("runbook") ?? "";
            Assert.StartsWith("infra/README.md#", runbook);
            var anchor = runbook["infra/README.md#".Length..];
            Assert.True(anchors.Contains(anchor), $"{alert.Alert}: infra/README.md has no heading for #{anchor}");
        }
    }

    [Fact]
    public void The_alerts_use_only_catalogued_metrics_and_their_own_recordings()
    {
        var rules = PrometheusRuleFiles.Alerts().Groups.SelectMany(g => g.Rules).ToList();
        var known = MetricCatalog.SeriesNames.Concat(rules.Where(r => r.Record is not null).Select(r => r.Record!)).ToHashSet();
        foreach (var rule in rules)
            foreach (var metric in MetricCatalog.MetricsIn(rule.Expr))
                Assert.True(known.Contains(metric), $"{rule.Alert ?? rule.Record}: '{metric}' is not in the metric catalog");
    }

    [Fact]
    public void The_alerts_read_shared_gauges_with_max_and_sum_counters_across_hosts()
    {
        foreach (var rule in PrometheusRuleFiles.Alerts().Groups.SelectMany(g => g.Rules))
            AcrossHosts.AssertAggregated(rule.Alert ?? rule.Record!, rule.Expr);
    }

    private static List<PrometheusRuleFiles.Rule> Alerts()
    {
        var alerts = PrometheusRuleFiles.Alerts().Groups.SelectMany(g => g.Rules).Where(r => r.Alert is not null).ToList();
        Assert.NotEmpty(alerts);
        return alerts;
    }
}

/// <summary>How figures from several hosts are put together: one shared figure sampled by each (max), or each host's own count (sum).</summary>
internal static class AcrossHosts
{
    public static void AssertAggregated(string what, string expr)
    {
        foreach (var gauge in MetricCatalog.SharedGauges)
        {
            var uses = Regex.Count(expr, $@"\b{gauge}\b");
            var underMax = Regex.Count(expr, $@"\bmax\s*(?:by\s*\([^)]*\)\s*)?\(\s*{gauge}\b");
            Assert.True(uses == underMax, $"{what}: {gauge} is sampled by every host; read it as max(...) across hosts: {expr}");
        }
        foreach (var counter in MetricCatalog.Counters.Concat(MetricCatalog.Histograms))
        {
            var uses = Regex.Count(expr, $@"\b{counter}(?:_bucket|_count|_sum)?\b");
            var summed = Regex.Count(expr, $@"\bsum\s*(?:by\s*\([^)]*\)\s*)?\(\s*(?:rate|increase)\(\s*{counter}(?:_bucket|_count|_sum)?\b");
            Assert.True(uses == summed, $"{what}: {counter} is counted by each host; read it as sum(rate(...)) or sum(increase(...)): {expr}");
        }
    }
}
