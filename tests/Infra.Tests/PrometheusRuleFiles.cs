using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Huduma.Contact.Infra.Tests;

/// <summary>infra/prometheus/alerts.yml and its promtool unit tests, read as data for the checks promtool does not make.</summary>
internal static class PrometheusRuleFiles
{
    public sealed class RuleFile { public List<RuleGroup> Groups { get; set; } = []; }
    public sealed class RuleGroup { public string Name { get; set; } = ""; public List<Rule> Rules { get; set; } = []; }

    public sealed class Rule
    {
        public string? Alert { get; set; }
        public string? Record { get; set; }
        public string Expr { get; set; } = "";
        public string? For { get; set; }
        public Dictionary<string, string> Labels { get; set; } = [];
        public Dictionary<string, string> Annotations { get; set; } = [];
    }

    public sealed class UnitTestFile { public List<UnitTest> Tests { get; set; } = []; }
    public sealed class UnitTest { public List<AlertRuleTest> AlertRuleTest { get; set; } = []; }

    public sealed class AlertRuleTest
    {
        public string Alertname { get; set; } = "";
        public string EvalTime { get; set; } = "";
        public List<Dictionary<string, object>> ExpAlerts { get; set; } = [];
    }

    public static RuleFile Alerts() => Read<RuleFile>("alerts.yml");

    public static UnitTestFile AlertTests() => Read<UnitTestFile>("alerts.test.yml");

    private static T Read<T>(string name) =>
        new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
            .Deserialize<T>(File.ReadAllText(Path.Combine(Promtool.PrometheusFolder, name)));
}
