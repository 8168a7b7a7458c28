using Huduma.Contact.Core.State;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Huduma.Contact.Host.Health;

/// <summary>/health/live: the process answers. /health/ready: it can serve (Redis reachable when configured).</summary>
internal static class HealthEndpoints
{
    public static IServiceCollection AddHudumaHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return services;
    }

    public static void MapHudumaHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
    }

    private sealed class StoreHealthCheck(IStateStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            await store.PingAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("state store (Redis) is unreachable");
    }
}
