using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Agents;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The supervisors' dashboard as it was computed until the store kept per-channel queues and day
/// counters: every open, claimed and today's resolved ticket read and counted in memory. Kept here, word
/// for word, as the oracle the new figures must equal on the same tickets.
/// </summary>
internal static class OldDashboardComputation
{
    private static readonly string[] Channels = ["chat", "sms", "ussd", "voice"];

    public static async Task<DeskFigures> DeskFiguresAsync(IEscalationStore store, DailyCounters daily, DateOnly today, DateTimeOffset now,
        CancellationToken ct = default)
    {
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
        return new DeskFigures(nowFigures, todayFigures, ratingCounts);
    }

    private static double? Average(IEnumerable<double> values, int digits = 1)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : Math.Round(list.Average(), digits);
    }
}
