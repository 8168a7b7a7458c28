using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Huduma.Contact.Voice;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

public sealed record ChannelNow(string Channel, int Waiting, double LongestWaitSeconds, int Claimed);

/// <param name="Conversations">Conversations started today on the channel (USSD sessions, chats, SMS exchanges).</param>
/// <param name="Escalated">Tickets opened today on the channel.</param>
/// <param name="BotShare">The share of today's conversations that needed no agent (null before the first).</param>
public sealed record ChannelToday(string Channel, int Resolved, int Withdrawn, double? AverageWaitSeconds, double? AverageHandleSeconds,
    int Ratings, double? AverageRating, long Conversations, int Escalated, double? BotShare);

/// <summary>Reminder SMS sent and documents collected per day (Nairobi), oldest first: do reminders bring people in?</summary>
public sealed record ReminderDay(string Date, long RemindersSent, long DocumentsCollected);

/// <summary>Phone calls to the IVR that ended today: how many, how many went to an agent, how long they lasted.</summary>
public sealed record CallsToday(int Calls, int Transferred, double? AverageSeconds, IReadOnlyDictionary<string, int> ByStatus);

/// <param name="RatingCounts">How many ratings of 1, 2, 3, 4 and 5 today, all channels.</param>
public sealed record DashboardFigures(DateTimeOffset At, DateTimeOffset DayStarted, IReadOnlyList<ChannelNow> Now, IReadOnlyList<ChannelToday> Today,
    IReadOnlyList<int> RatingCounts, IReadOnlyList<ReminderDay> Reminders, CallsToday Voice);

/// <summary>
/// /agents/dashboard (supervisors): per channel, the queue now (waiting, longest wait, being handled) and
/// today in Nairobi (handled, withdrawn by the citizen, average wait before an agent took it, average
/// handling time, satisfaction from the citizens' ratings, the share of conversations the bot handled
/// without an agent), and reminders sent against documents collected over the last two weeks. The page
/// draws charts and refreshes itself.
/// </summary>
public static class SupervisorDashboard
{
    private static readonly string[] Channels = ["chat", "sms", "ussd", "voice"];
    public const int ReminderDays = 14;

    public static void MapSupervisorDashboard(this WebApplication app)
    {
        var page = Path.Combine(AppContext.BaseDirectory, "Agents", "dashboard.html");
        app.MapGet("/agents/dashboard", () => Results.File(page, "text/html; charset=utf-8")).RequireAuthorization(AccountSetup.SupervisorPolicy);
        app.MapGet("/agents/api/dashboard", async (IEscalationStore store, DailyCounters daily, VoiceCallLog calls, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await FiguresAsync(store, daily, calls, clock, ct))).RequireAuthorization(AccountSetup.SupervisorPolicy);
    }

    public static async Task<DashboardFigures> FiguresAsync(IEscalationStore store, DailyCounters daily, VoiceCallLog calls, TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // One definition of "today" for the whole page: the daily counters' Nairobi day.
        var today = daily.Today;
        var dayStarted = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), DailyCounters.Nairobi);

        var open = await store.ListOpenAsync(10_000, ct);
        var claimed = await store.ListClaimedAsync(10_000, ct);
        var resolved = await store.ListResolvedAsync(dayStarted, 100_000, ct);
        var channels = Channels.Union(open.Concat(claimed).Concat(resolved).Select(t => t.Channel)).ToList();
        var conversations = await Task.WhenAll(channels.Select(c => daily.DaysAsync(DailyCounters.ConversationsStarted(c), today, today, ct)));
        var openedToday = open.Concat(claimed).Concat(resolved).Where(t => t.CreatedAt >= dayStarted).ToList();

        var nowFigures = channels.Select(channel =>
        {
            var waiting = open.Where(t => t.Channel == channel).ToList();
            return new ChannelNow(channel, waiting.Count,
                waiting.Count == 0 ? 0 : Math.Round((now - waiting.Min(t => t.CreatedAt)).TotalSeconds, 1),
                claimed.Count(t => t.Channel == channel));
        }).ToList();

        var todayFigures = channels.Select((channel, i) =>
        {
            var started = conversations[i][0];
            var escalated = openedToday.Count(t => t.Channel == channel);
            var done = resolved.Where(t => t.Channel == channel).ToList();
            var handled = done.Where(t => t.Resolution != EscalationDesk.CitizenLeft && t.ClaimedAt is not null).ToList();
            var rated = done.Where(t => t.Rating is not null).ToList();
            return new ChannelToday(channel, handled.Count, done.Count - handled.Count,
                Average(handled.Select(t => (t.ClaimedAt!.Value - t.CreatedAt).TotalSeconds)),
                Average(handled.Select(t => (t.ResolvedAt!.Value - t.ClaimedAt!.Value).TotalSeconds)),
                rated.Count, Average(rated.Select(t => (double)t.Rating!.Value), 2),
                started, escalated, started == 0 ? null : Math.Round(Math.Max(0, started - escalated) / (double)started, 3));
        }).ToList();

        var ratingCounts = Enumerable.Range(1, 5).Select(r => resolved.Count(t => t.Rating == r)).ToList();
        var first = today.AddDays(1 - ReminderDays);
        var sent = await daily.DaysAsync(DailyCounters.RemindersSent, first, today, ct);
        var collected = await daily.DaysAsync(DailyCounters.DocumentsCollected, first, today, ct);
        var reminders = sent.Select((n, i) => new ReminderDay(first.AddDays(i).ToString("yyyy-MM-dd"), n, collected[i])).ToList();
        // The call log keeps the last 10,000 calls, newest first: today's are at its head.
        var ended = (await calls.RecentAsync(10_000, ct)).TakeWhile(c => c.EndedAt >= dayStarted).ToList();
        var voice = new CallsToday(ended.Count, ended.Count(c => c.Transferred),
            Average(ended.Where(c => c.DurationSeconds is not null).Select(c => (double)c.DurationSeconds!.Value)),
            ended.GroupBy(c => c.Status ?? "unknown").ToDictionary(g => g.Key, g => g.Count()));
        return new DashboardFigures(now, dayStarted, nowFigures, todayFigures, ratingCounts, reminders, voice);
    }

    private static double? Average(IEnumerable<double> values, int digits = 1)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : Math.Round(list.Average(), digits);
    }
}
