using System.Text.RegularExpressions;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// One line of the fleet's nginx access log: the request, nginx's answer, and the hosts it went to in
/// order ("127.0.0.1:5080, 127.0.0.1:5081" when the first failed and nginx went on), with what each answered.
/// </summary>
public sealed partial record ProxiedRequest(string Method, string Path, int Status, IReadOnlyList<string> Upstreams, IReadOnlyList<string> UpstreamStatuses)
{
    /// <summary>The host whose answer the client got: the last one tried.</summary>
    public string? AnsweredBy => Upstreams.Count == 0 ? null : Upstreams[^1];

    public static ProxiedRequest Parse(string line)
    {
        var m = Line().Match(line);
        if (!m.Success) throw new FormatException($"not a fleet access-log line: {line}");
        static IReadOnlyList<string> List(string value) => value is "" or "-" ? [] : Split(value);
        return new ProxiedRequest(m.Groups["method"].Value, m.Groups["path"].Value, int.Parse(m.Groups["status"].Value),
            List(m.Groups["upstream"].Value), List(m.Groups["upstatus"].Value));
    }

    // "a, b : c": nginx separates the attempts with commas, and internal redirects with colons (not used here).
    private static IReadOnlyList<string> Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex("""^(?<method>\S+) (?<path>\S+) (?<status>\d+) "(?<upstream>[^"]*)" "(?<upstatus>[^"]*)"$""")]
    private static partial Regex Line();
}
