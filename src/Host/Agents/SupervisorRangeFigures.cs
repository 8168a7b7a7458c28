using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// An agent over the days asked for: tickets they resolved, their average handling time (claim to resolve) and
/// their satisfaction (average rating, how many ratings); and how many tickets they hold now.
/// </summary>
internal sealed record AgentOverDays(string Agent, int Handled, double? AverageHandleSeconds, int Ratings, double? AverageRating, int HoldingNow);

/// <param name="Channels">Per channel, as the dashboard's "today" but summed over the days.</param>
/// <param name="RatingCounts">How many ratings of 1, 2, 3, 4 and 5 over the days, all channels.</param>
internal sealed record RangeFigures(DateOnly From, DateOnly To, IReadOnlyList<ChannelToday> Channels, IReadOnlyList<int> RatingCounts,
    IReadOnlyList<AgentOverDays> Agents);

/// <summary>
/// GET /agents/api/dashboard/range?from=yyyy-MM-dd&amp;to=yyyy-MM-dd (supervisors and admins): the desk's figures
/// for any Nairobi days (<see cref="DayRange"/>), per channel and per agent, from the day counters the store keeps
/// with each ticket (one script a bucket, whatever the span) and the conversations counted per day.
/// </summary>
internal static class SupervisorRangeFigures
{
    /// <summary>Claimed tickets read for "holding now": far more than agents on shift hold at once.</summary>
    public const int MaxHeldRead = 2_000;

    public static void MapSupervisorRangeFigures(this IEndpointRouteBuilder app) =>
        app.MapGet("/agents/api/dashboard/range", async (IEscalationStore store, DailyCounters daily, string? from, string? to, CancellationToken ct) =>
        {
            var (range, error) = DayRange.Parse(from, to, daily.Today);
            return range is null ? Results.Problem(error, statusCode: 400) : Results.Ok(await FiguresAsync(store, daily, range, ct));
        }).RequireAuthorization(AccountSetup.SupervisorPolicy);

    public static async Task<RangeFigures> FiguresAsync(IEscalationStore store, DailyCounters daily, DayRange range, CancellationToken ct)
    {
        var countedRead = store.RangeFiguresAsync(range.From, range.To, ct);
        // Claimed tickets are few (agents on shift × what each holds), so reading them is cheap; the waiting ones are not read.
        var heldRead = store.ListClaimedAsync(MaxHeldRead, ct);
        var (counted, held) = (await countedRead, await heldRead);
        var channels = SupervisorDashboard.Channels.Concat(counted.Channels.Where(c => c.Handled + c.Withdrawn + c.Opened > 0).Select(c => c.Channel)
            .Except(SupervisorDashboard.Channels).Order(StringComparer.Ordinal)).ToList();
        var conversations = await Task.WhenAll(channels.Select(c => daily.DaysAsync(DailyCounters.ConversationsStarted(c), range.From, range.To, ct)));
        var channelFigures = channels.Select((channel, i) => SupervisorDashboard.Channel(
            counted.Channels.SingleOrDefault(c => c.Channel == channel) ?? EscalationDayFigures.Empty(channel), conversations[i].Sum())).ToList();

        var holding = held.Where(t => t.Agent is not null).GroupBy(t => t.Agent!).ToDictionary(g => g.Key, g => g.Count());
        var agents = counted.Agents.Select(a => a.Agent).Union(holding.Keys).Order(StringComparer.Ordinal).Select(agent =>
        {
            var a = counted.Agents.SingleOrDefault(x => x.Agent == agent) ?? new EscalationAgentFigures(agent, 0, 0, 0, 0);
            return new AgentOverDays(agent, (int)a.Handled, SupervisorDashboard.Average(a.HandleTicks, a.Handled), (int)a.Ratings,
                SupervisorDashboard.AverageRating(a.RatingSum, a.Ratings), holding.GetValueOrDefault(agent));
        }).ToList();
        return new RangeFigures(range.From, range.To, channelFigures, SupervisorDashboard.RatingCounts(counted.Channels), agents);
    }
}
