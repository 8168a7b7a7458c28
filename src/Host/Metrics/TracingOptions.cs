namespace Huduma.Contact.Host.Metrics;

/// <summary>
/// Where traces go (configuration section "Tracing"). Off unless an endpoint is set, here or in OpenTelemetry's
/// own OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT variables: then nothing listens to the
/// spans and none is made.
/// </summary>
internal sealed class TracingOptions
{
    public const string Section = "Tracing";

    /// <summary>The collector's base URL, e.g. "http://otel-collector:4318" (http/protobuf: /v1/traces is added) or ":4317" for grpc.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>"http/protobuf" (the default, port 4318) or "grpc" (port 4317).</summary>
    public string OtlpProtocol { get; set; } = HttpProtobuf;

    /// <summary>The share of traces kept, 0 to 1 (a trace begun upstream keeps its own decision).</summary>
    public double SampleRatio { get; set; } = 1.0;

    public const string HttpProtobuf = "http/protobuf";
    public const string Grpc = "grpc";

    public bool IsValid() =>
        (string.IsNullOrWhiteSpace(OtlpEndpoint) || Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        && OtlpProtocol is HttpProtobuf or Grpc
        && SampleRatio is >= 0 and <= 1;

    /// <summary>Whether this host exports traces: an endpoint here, or one of OpenTelemetry's standard variables.</summary>
    public static bool IsOn(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(OtlpEndpoint)}"])
        || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);

    /// <summary>The exporter's URL for <see cref="OtlpEndpoint"/>: over http/protobuf the exporter wants the signal's path too.</summary>
    public Uri TracesEndpoint()
    {
        var root = OtlpEndpoint!.TrimEnd('/');
        return new Uri(OtlpProtocol == HttpProtobuf && !root.EndsWith("/v1/traces", StringComparison.Ordinal) ? root + "/v1/traces" : root);
    }
}
