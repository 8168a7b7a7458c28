using Huduma.Contact.Core;
using Huduma.Contact.Core.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Huduma.Contact.Host.Metrics;

/// <summary>
/// Traces over OTLP, only when an endpoint is configured (<see cref="TracingOptions"/>): ASP.NET Core's request
/// span is the root, then the channel's turn, the dialog, each state-store call and the provider's HTTP call
/// (an SMS reply, sent after the webhook's 200, continues the webhook's trace through the queue). Without an
/// endpoint no tracer provider exists, the store is not wrapped, and StartActivity returns null everywhere.
/// </summary>
internal static class TracingSetup
{
    public static IServiceCollection AddHudumaTracing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TracingOptions>().Bind(configuration.GetSection(TracingOptions.Section))
            .Validate(o => o.IsValid(), "Tracing:OtlpEndpoint must be an http(s) URL, Tracing:OtlpProtocol 'http/protobuf' or 'grpc', Tracing:SampleRatio 0 to 1")
            .ValidateOnStart();
        var options = configuration.GetSection(TracingOptions.Section).Get<TracingOptions>() ?? new TracingOptions();
        // Not valid: the host stops at start with the validation's message, before any exporter is made.
        if (!TracingOptions.IsOn(configuration) || !options.IsValid()) return services;
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SampleRatio)))
            .AddSource(HudumaActivity.SourceName)
            // Probes and scrapes come every few seconds and say nothing about a citizen's request.
            .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
            .AddHttpClientInstrumentation()
            .AddOtlpExporter(o =>
            {
                // Without Tracing:OtlpEndpoint the exporter reads OTEL_EXPORTER_OTLP_* itself.
                if (string.IsNullOrWhiteSpace(options.OtlpEndpoint)) return;
                o.Protocol = options.OtlpProtocol == TracingOptions.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = options.TracesEndpoint();
            }));
        return services.AddStateStoreTracing(configuration);
    }
}
