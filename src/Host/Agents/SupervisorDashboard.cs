using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Huduma.Contact.Voice;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

internal sealed record ChannelNow(string Channel, int Waiting, double LongestWaitSeconds, int Claimed);

/// <param name="Conversations">Conversations started today on the channel (USSD sessions, chats, SMS exchanges).</param>
/// <param name="Escalated">Tickets opened today on the channel.</param>
/// <param name="BotShare">The share of today's conversations that needed no agent (null before the first).</param>
internal sealed record ChannelToday(string Channel, int Resolved, int Withdrawn, double? AverageWaitSeconds, double? AverageHandleSeconds,
    int Ratings, double? AverageRating, long Conversations, int Escalated, double? BotShare);

/// <summary>Reminder SMS sent and documents collected per day (Nairobi), oldest first: do reminders bring people in?</summary>
internal sealed record ReminderDay(string Date, long RemindersSent, long DocumentsCollected);

/// <summary>Phone calls to the IVR that ended today: how many, how many went to an agent, how long they lasted.</summary>
internal sealed record CallsToday(int Calls, int Transferred, double? AverageSeconds, IReadOnlyDictionary<string, int> ByStatus);

/// <summary>The escalation desk's part of the dashboard: per channel now and today, and today's ratings 1–5.</summary>
internal sealed record DeskFigures(IReadOnlyList<ChannelNow> Now, IReadOnlyList<ChannelToday> Today, IReadOnlyList<int> RatingCounts);

/// <param name="RatingCounts">How many ratings of 1, 2, 3, 4 and 5 today, all channels.</param>
internal sealed record DashboardFigures(DateTimeOffset At, DateTimeOffset DayStarted, IReadOnlyList<ChannelNow> Now, IReadOnlyList<ChannelToday> Today,
    IReadOnlyList<int> RatingCounts, IReadOnlyList<ReminderDay> Reminders, CallsToday Voice);

/// <summary>
/// /agents/dashboard (supervisors): per channel, the queue now (waiting, longest wait, being handled) and
/// today in Nairobi (handled, withdrawn by the citizen, average wait before an agent took it, average
/// handling time, satisfaction from the citizens' ratings, the share of conversations the bot handled
/// without an agent), and reminders sent against documents collected over the last two weeks. The page
/// draws charts and refreshes itself. The desk's figures come from structures the escalation store keeps
/// in step with each ticket (<see cref="DeskFiguresAsync"/>), not from reading the tickets.
/// </summary>
internal static class SupervisorDashboard
{
    public static readonly IReadOnlyList<string> Channels = ChannelNames.All;
    public const int ReminderDays = 14;

    public static void MapSupervisorDashboard(this WebApplication app)
    {
        app.MapStaffPage("/agents/dashboard", Path.Combine(AppContext.BaseDirectory, "Agents", "dashboard.html"), "Supervisors' dashboard",
            AccountSetup.SupervisorPolicy);
        app.MapGet("/agents/api/dashboard", async (IEscalationStore store, DailyCounters daily, VoiceCallLog calls, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await FiguresAsync(store, daily, calls, clock, ct))).RequireAuthorization(AccountSetup.SupervisorPolicy);
        app.MapSupervisorRangeFigures();
        app.MapSla();
        app.MapTicketExport();
    }

    public static async Task<DashboardFigures> FiguresAsync(IEscalationStore store, DailyCounters daily, VoiceCallLog callLog, TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // One definition of "today" for the whole page: the daily counters' Nairobi day.
        var today = daily.Today;
        var dayStarted = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), DailyCounters.Nairobi);
        var first = today.AddDays(1 - ReminderDays);
        // Every part's reads at once: the page waits for the slowest, not their sum.
        var deskRead = DeskFiguresAsync(store, daily, today, now, ct);
        var sentRead = daily.DaysAsync(DailyCounters.RemindersSent, first, today, ct);
        var collectedRead = daily.DaysAsync(DailyCounters.DocumentsCollected, first, today, ct);
        var callsRead = callLog.DayAsync(today, ct);
        var (desk, sent, collected, calls) = (await deskRead, await sentRead, await collectedRead, await callsRead);

        var reminders = sent.Select((n, i) => new ReminderDay(first.AddDays(i).ToString("yyyy-MM-dd"), n, collected[i])).ToList();
        var voice = new CallsToday((int)calls.Calls, (int)calls.Transferred,
            calls.Timed == 0 ? null : Math.Round(calls.Seconds / (double)calls.Timed, 1), calls.ByStatus.ToDictionary(s => s.Key, s => (int)s.Value));
        return new DashboardFigures(now, dayStarted, desk.Now, desk.Today, desk.RatingCounts, reminders, voice);
    }

    /// <summary>
    /// The escalation desk's figures from the store's per-channel queues and the day's counters, kept in
    /// step with every ticket as it changes: a few dozen reads in all, however many tickets there are.
    /// </summary>
    public static async Task<DeskFigures> DeskFiguresAsync(IEscalationStore store, DailyCounters daily, DateOnly today, DateTimeOffset now,
        CancellationToken ct)
    {
        var queuesRead = store.QueueFiguresAsync(ct);
        var dayRead = store.DayFiguresAsync(today, ct);
        var (queues, day) = (await queuesRead, await dayRead);
        // The four channels always; any other with a ticket waiting, held or resolved today, after them.
        var channels = Channels.Concat(queues.Select(q => q.Channel).Concat(day.Where(d => d.Handled + d.Withdrawn > 0).Select(d => d.Channel))
            .Except(Channels).Distinct().Order(StringComparer.Ordinal)).ToList();
        var conversations = await Task.WhenAll(channels.Select(c => daily.DaysAsync(DailyCounters.ConversationsStarted(c), today, today, ct)));

        var nowFigures = channels.Select(channel =>
        {
            var queue = queues.SingleOrDefault(q => q.Channel == channel) ?? new EscalationQueueFigures(channel, 0, null, 0);
            return new ChannelNow(channel, (int)queue.Waiting,
                queue is { Waiting: > 0, OldestWaitingSince: { } since } ? Math.Round((now - since).TotalSeconds, 1) : 0, (int)queue.Claimed);
        }).ToList();

        var todayFigures = channels.Select((channel, i) =>
            Channel(day.SingleOrDefault(d => d.Channel == channel) ?? EscalationDayFigures.Empty(channel), conversations[i][0])).ToList();

        return new DeskFigures(nowFigures, todayFigures, RatingCounts(day));
    }

    /// <summary>A channel's figures from its counters over one day or several, and the conversations started on it then.</summary>
    public static ChannelToday Channel(EscalationDayFigures counted, long started)
    {
        var escalated = (int)counted.Opened;
        return new ChannelToday(counted.Channel, (int)counted.Handled, (int)counted.Withdrawn,
            Average(counted.WaitTicks, counted.Handled), Average(counted.HandleTicks, counted.Handled),
            (int)counted.Ratings, AverageRating(counted.RatingSum, counted.Ratings),
            started, escalated, started == 0 ? null : Math.Round(Math.Max(0, started - escalated) / (double)started, 3));
    }

    /// <summary>How many ratings of 1, 2, 3, 4 and 5, all channels.</summary>
    public static IReadOnlyList<int> RatingCounts(IReadOnlyList<EscalationDayFigures> channels) =>
        Enumerable.Range(0, 5).Select(r => (int)channels.Sum(d => d.RatingCounts[r])).ToList();

    public static double? AverageRating(long sum, long count) => count == 0 ? null : Math.Round(sum / (double)count, 2);

    /// <summary>The average of <paramref name="count"/> durations summed in ticks, in seconds to a tenth.</summary>
    public static double? Average(long sumTicks, long count) =>
        count == 0 ? null : Math.Round((double)sumTicks / TimeSpan.TicksPerSecond / count, 1);
}
