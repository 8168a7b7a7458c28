using Huduma.Contact.Core.Sla;
using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

/// <summary>A channel's SLA target: taken within so many seconds, of working time or of the clock.</summary>
internal sealed record SlaTargetView(string Channel, double WithinSeconds, bool WorkingHours);

/// <summary>A ticket still waiting past its SLA deadline, and by how long now.</summary>
internal sealed record OverdueTicket(string Reference, string Channel, DateTimeOffset Deadline, double OverdueSeconds);

/// <summary>Breaches on a channel today (Nairobi) and over the days asked for.</summary>
internal sealed record ChannelBreaches(string Channel, long Today, long InRange);

/// <param name="OverdueCount">Tickets waiting past their deadline, all of them (<paramref name="Overdue"/> lists the longest overdue).</param>
internal sealed record SlaFigures(DateTimeOffset At, DateOnly From, DateOnly To, IReadOnlyList<SlaTargetView> Targets, IReadOnlyList<OverdueTicket> Overdue,
    long OverdueCount, IReadOnlyList<ChannelBreaches> Breaches);

/// <summary>
/// GET /agents/api/sla?from=yyyy-MM-dd&amp;to=yyyy-MM-dd (supervisors and admins): the SLA targets, the tickets waiting
/// past their deadline now, and breaches per channel today and over the days (<see cref="DayRange"/>; without them the last seven).
/// </summary>
internal static class SlaEndpoints
{
    public const int MaxOverdueListed = 100;

    public static void MapSla(this IEndpointRouteBuilder app) =>
        app.MapGet("/agents/api/sla", async (ISlaStore store, SlaPolicy policy, DailyCounters daily, TimeProvider clock, string? from, string? to,
            CancellationToken ct) =>
        {
            var (range, error) = DayRange.Parse(from, to, daily.Today);
            if (range is null) return Results.Problem(error, statusCode: 400);
            var overdueRead = store.OverdueAsync(MaxOverdueListed, ct);
            var todayRead = store.BreachesAsync(daily.Today, daily.Today, ct);
            var rangeRead = store.BreachesAsync(range.From, range.To, ct);
            var ((overdue, count), today, inRange) = (await overdueRead, await todayRead, await rangeRead);
            var now = clock.GetUtcNow();
            var channels = SupervisorDashboard.Channels.Concat(policy.Targets.Keys.Select(c => c.ToLowerInvariant()).Concat(today.Keys).Concat(inRange.Keys)
                .Except(SupervisorDashboard.Channels).Distinct().Order(StringComparer.Ordinal));
            return Results.Ok(new SlaFigures(now, range.From, range.To,
                policy.Targets.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new SlaTargetView(t.Key, t.Value.Within.TotalSeconds, t.Value.WorkingHours)).ToList(),
                overdue.Select(o => new OverdueTicket(o.Reference, o.Channel, o.Deadline, Math.Round(Math.Max(0, (now - o.Deadline).TotalSeconds), 1))).ToList(),
                count, channels.Select(c => new ChannelBreaches(c, today.GetValueOrDefault(c), inRange.GetValueOrDefault(c))).ToList()));
        }).RequireAuthorization(AccountSetup.SupervisorPolicy);
}
