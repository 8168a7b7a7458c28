using Huduma.Contact.Core.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Huduma.Contact.Host.Metrics;

/// <summary>
/// /metrics in Prometheus's text format, from System.Diagnostics.Metrics through OpenTelemetry's exporter:
/// the instruments are .NET's own (ASP.NET Core's request duration per route and status, Kestrel's
/// connections) and the product's own, on the Meter "Huduma.Contact" (<see cref="HudumaMeter"/>; docs/DESIGN.md lists
/// them), so the same ones can go over OTLP later without changing a line that records them.
/// Only the allowed networks may scrape (<see cref="MetricsOptions"/>).
/// </summary>
internal static class MetricsSetup
{
    public static IServiceCollection AddHudumaMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section))
            .Validate(o => o.IsValid(), "Metrics:AllowedNetworks must be CIDR networks, e.g. 10.0.0.0/8")
            .Validate(o => o.SampleIntervalIsValid(), "Metrics:SampleInterval must be 00:00:00.1 to 00:10:00")
            .ValidateOnStart();
        services.AddSingleton<ChannelRequestMetrics>();
        services.AddSingleton<RedisErrorMetrics>();
        services.AddHostedService<GaugeSampler>();
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("huduma-contact")).WithMetrics(metrics => metrics
            // Requests per route (one route a channel and provider: bounded labels) with their status and latency.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddMeter(HudumaMeter.Name)
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>The allow-list runs before routing (the exporter's endpoint is a pipeline of its own, which endpoint filters do not reach), then /metrics is mapped.</summary>
    public static void MapHudumaMetrics(this WebApplication app)
    {
        var networks = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Networks();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/metrics"))
            {
                var remote = context.Connection.RemoteIpAddress;
                if (remote is { IsIPv4MappedToIPv6: true }) remote = remote.MapToIPv4();
                if (remote is null || !networks.Any(n => n.Contains(remote)))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }
            }
            await next(context);
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}
