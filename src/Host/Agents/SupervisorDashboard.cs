using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

public sealed record ChannelNow(string Channel, int Waiting, double LongestWaitSeconds, int Claimed);

public sealed record ChannelToday(string Channel, int Resolved, int Withdrawn, double? AverageWaitSeconds, double? AverageHandleSeconds,
    int Ratings, double? AverageRating);

public sealed record DashboardFigures(DateTimeOffset At, DateTimeOffset DayStarted, IReadOnlyList<ChannelNow> Now, IReadOnlyList<ChannelToday> Today);

/// <summary>
/// /agents/dashboard (supervisors): per channel, the queue now (waiting, longest wait, being handled) and
/// today in Nairobi (handled, withdrawn by the citizen, average wait before an agent took it, average
/// handling time, satisfaction from the citizens' ratings). The page refreshes itself.
/// </summary>
public static class SupervisorDashboard
{
    private static readonly string[] Channels = ["chat", "sms", "ussd", "voice"];

    public static void MapSupervisorDashboard(this WebApplication app)
    {
        var page = Path.Combine(AppContext.BaseDirectory, "Agents", "dashboard.html");
        app.MapGet("/agents/dashboard", () => Results.File(page, "text/html; charset=utf-8")).RequireAuthorization(AccountSetup.SupervisorPolicy);
        app.MapGet("/agents/api/dashboard", async (IEscalationStore store, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await FiguresAsync(store, clock, ct))).RequireAuthorization(AccountSetup.SupervisorPolicy);
    }

    public static async Task<DashboardFigures> FiguresAsync(IEscalationStore store, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var zone = ReminderPolicy.FindZone("Africa/Nairobi");
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var dayStarted = new DateTimeOffset(local.Date, local.Offset);

        var open = await store.ListOpenAsync(10_000, ct);
        var claimed = await store.ListClaimedAsync(10_000, ct);
        var resolved = await store.ListResolvedAsync(dayStarted, 100_000, ct);
        var channels = Channels.Union(open.Concat(claimed).Concat(resolved).Select(t => t.Channel)).ToList();

        var nowFigures = channels.Select(channel =>
        {
            var waiting = open.Where(t => t.Channel == channel).ToList();
            return new ChannelNow(channel, waiting.Count,
                waiting.Count == 0 ? 0 : Math.Round((now - waiting.Min(t => t.CreatedAt)).TotalSeconds, 1),
                claimed.Count(t => t.Channel == channel));
        }).ToList();

        var todayFigures = channels.Select(channel =>
        {
            var done = resolved.Where(t => t.Channel == channel).ToList();
            var handled = done.Where(t => t.Resolution != EscalationDesk.CitizenLeft && t.ClaimedAt is not null).ToList();
            var rated = done.Where(t => t.Rating is not null).ToList();
            return new ChannelToday(channel, handled.Count, done.Count - handled.Count,
                Average(handled.Select(t => (t.ClaimedAt!.Value - t.CreatedAt).TotalSeconds)),
                Average(handled.Select(t => (t.ResolvedAt!.Value - t.ClaimedAt!.Value).TotalSeconds)),
                rated.Count, Average(rated.Select(t => (double)t.Rating!.Value), 2));
        }).ToList();
        return new DashboardFigures(now, dayStarted, nowFigures, todayFigures);
    }

    private static double? Average(IEnumerable<double> values, int digits = 1)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : Math.Round(list.Average(), digits);
    }
}
