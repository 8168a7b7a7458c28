using System.Text.Json;
using System.Text.Json.Nodes;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Infra.Tests;

/// <summary>infra/grafana/huduma-contact.json: importable, with the rows operators look for, and every query one Prometheus accepts.</summary>
public sealed class DashboardTests
{
    private static readonly string DashboardPath = Path.Combine(InfraFiles.RepositoryRoot(), "infra", "grafana", "huduma-contact.json");

    [Fact]
    public void The_dashboard_has_a_row_per_channel_and_for_queues_providers_reminders_and_errors()
    {
        var rows = Panels().Where(p => (string?)p["type"] == "row").Select(p => (string?)p["title"]).ToList();
        Assert.Equal(["USSD", "SMS", "Voice", "Chat", "Queues", "SMS providers", "Reminders", "Redis and errors"], rows);
        // Each row has panels under it, not only a title.
        var panels = Panels().ToList();
        var rowIndexes = panels.Select((p, i) => (p, i)).Where(x => (string?)x.p["type"] == "row").Select(x => x.i).Append(panels.Count).ToList();
        for (var r = 0; r < rowIndexes.Count - 1; r++)
            Assert.True(rowIndexes[r + 1] - rowIndexes[r] > 1, $"row '{panels[rowIndexes[r]]!["title"]}' has no panels");
    }

    [Fact]
    public void Each_channel_row_shows_requests_by_outcome_latency_percentiles_and_dialog_outcomes()
    {
        foreach (var channel in new[] { "ussd", "sms", "voice", "chat" })
        {
            var exprs = Exprs().Where(e => e.Contains($"channel=\"{channel}\"")).ToList();
            Assert.Contains(exprs, e => e.Contains("sum by (provider, outcome) (rate(huduma_channel_request_duration_seconds_count"));
            Assert.Contains(exprs, e => e.StartsWith("histogram_quantile(0.5,") && e.Contains("huduma_channel_request_duration_seconds_bucket"));
            Assert.Contains(exprs, e => e.StartsWith("histogram_quantile(0.99,") && e.Contains("huduma_channel_request_duration_seconds_bucket"));
            Assert.Contains(exprs, e => e.Contains("huduma_dialog_outcomes_total"));
        }
    }

    [Fact]
    public void The_dashboard_is_importable_with_a_datasource_variable_that_every_panel_uses()
    {
        var dashboard = Dashboard();
        Assert.InRange((int)dashboard["schemaVersion"]!, 36, 41);
        Assert.Null(dashboard["id"]?.GetValue<int?>());
        var datasource = dashboard["templating"]!["list"]!.AsArray().Single(v => (string?)v!["name"] == "datasource")!;
        Assert.Equal("datasource", (string?)datasource["type"]);
        Assert.Equal("prometheus", (string?)datasource["query"]);
        foreach (var panel in Panels().Where(p => (string?)p["type"] != "row"))
        {
            Assert.Equal("${datasource}", (string?)panel["datasource"]!["uid"]);
            Assert.All(panel["targets"]!.AsArray(), t => Assert.Equal("${datasource}", (string?)t!["datasource"]!["uid"]));
        }
        Assert.Equal(Panels().Count(), Panels().Select(p => (int)p["id"]!).Distinct().Count());
    }

    [Fact]
    public void Every_dashboard_query_uses_only_catalogued_metrics()
    {
        var known = MetricCatalog.SeriesNames.ToHashSet();
        foreach (var expr in Exprs())
        {
            var metrics = MetricCatalog.MetricsIn(expr);
            Assert.NotEmpty(metrics);
            foreach (var metric in metrics) Assert.True(known.Contains(metric), $"'{metric}' is not in the metric catalog: {expr}");
        }
    }

    [Fact]
    public void The_dashboard_reads_shared_gauges_with_max_and_sums_counters_across_hosts()
    {
        foreach (var expr in Exprs()) AcrossHosts.AssertAggregated("dashboard", expr);
    }

    /// <summary>
    /// promtool has no offline check of a bare expression, but it parses every rule's: each panel query
    /// becomes a recording rule, with Grafana's own variables given values as Grafana would.
    /// </summary>
    [Fact]
    public async Task Every_dashboard_query_is_PromQL_that_promtool_accepts()
    {
        var exprs = Exprs().ToList();
        var rules = new JsonObject
        {
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "dashboard",
                ["rules"] = new JsonArray(exprs.Select((e, i) => (JsonNode)new JsonObject
                {
                    ["record"] = $"dashboard:panel_query_{i}",
                    ["expr"] = WithGrafanaVariables(e),
                }).ToArray()),
            }),
        };
        var folder = Directory.CreateTempSubdirectory("huduma-dashboard-");
        try
        {
            // JSON is YAML: promtool reads the rules file as it is.
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "dashboard.rules.json"), rules.ToJsonString());
            var output = await Promtool.RunAsync(folder.FullName, "check", "rules", "dashboard.rules.json");
            Assert.Contains($"SUCCESS: {exprs.Count} rules found", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Promtool_refuses_a_query_that_is_not_PromQL()
    {
        // The check above proves something only if a broken query fails it.
        var folder = Directory.CreateTempSubdirectory("huduma-dashboard-");
        try
        {
            var broken = """{"groups":[{"name":"dashboard","rules":[{"record":"dashboard:broken","expr":"sum by (provider (rate(huduma_sms_sent_total[5m]))"}]}]}""";
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.rules.json"), broken);
            var (exitCode, _) = await Promtool.TryRunAsync(folder.FullName, "check", "rules", "broken.rules.json");
            Assert.NotEqual(0, exitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string WithGrafanaVariables(string expr) =>
        expr.Replace("$__rate_interval", "1m").Replace("$__interval", "15s").Replace("$__range", "6h");

    private static JsonObject Dashboard() => JsonNode.Parse(File.ReadAllText(DashboardPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow })!.AsObject();

    private static IEnumerable<JsonNode> Panels() => Dashboard()["panels"]!.AsArray().Select(p => p!);

    private static IEnumerable<string> Exprs() =>
        Panels().Where(p => p["targets"] is not null).SelectMany(p => p["targets"]!.AsArray()).Select(t => (string)t!["expr"]!);
}
