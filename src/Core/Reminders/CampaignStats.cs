using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.State;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Core.Reminders;

/// <summary>
/// Counts what campaigns achieve: reminders sent and failed (told by the sweep), delivered (told by
/// delivery reports), and — the number that shows reminders work — documents collected after a
/// campaign reminded their holder. A document belongs to the campaign that selected it
/// (huduma:campaign-of:{document}); counters per campaign in total and per day, gathered in memory and
/// flushed every two seconds with the <see cref="DailyCounters"/> (a reminder sent costs no write to a
/// campaign-wide key; a crash loses at most those seconds of counts).
/// </summary>
internal sealed class CampaignStats(IStateStore store, DailyCounters daily, ReminderMetrics? metrics = null) : ISmsDeliveryListener
{
    // Every reminder sent and every document collected, campaign or not, for the supervisors' dashboard.
    private readonly DailyCounters _daily = daily;

    public const string Sent = "sent", Delivered = "delivered", Failed = "failed", Collected = "collected";
    public static readonly string[] Metrics = [Sent, Delivered, Failed, Collected];
    private static readonly TimeSpan Kept = TimeSpan.FromDays(400);

    private sealed class Membership
    {
        public string Campaign { get; set; } = "";
        public bool Reminded { get; set; }
        public bool CollectedCounted { get; set; }
    }

    private static string MemberKey(string documentKey) => $"campaign-of:{documentKey}";
    private static string TotalKey(string campaign, string metric) => $"campaign:{campaign}:total:{metric}";
    private static string DayKey(string campaign, string date, string metric) => $"campaign:{campaign}:day:{date}:{metric}";

    public Task JoinAsync(string documentKey, string campaign, CancellationToken ct = default) =>
        store.SetAsync(MemberKey(documentKey), new Membership { Campaign = campaign }, Kept, ct);

    public async Task ReminderSentAsync(string documentKey, CancellationToken ct = default)
    {
        await _daily.CountAsync(DailyCounters.RemindersSent, ct);
        var member = await store.GetAsync<Membership>(MemberKey(documentKey), ct);
        metrics?.Sent(member?.Campaign);
        if (member is null) return;
        if (!member.Reminded)
        {
            member.Reminded = true;
            await store.SetAsync(MemberKey(documentKey), member, Kept, ct);
        }
        await CountAsync(member.Campaign, Sent, ct);
    }

    public async Task ReminderFailedAsync(string documentKey, CancellationToken ct = default)
    {
        if (await store.GetAsync<Membership>(MemberKey(documentKey), ct) is { } member) await CountAsync(member.Campaign, Failed, ct);
    }

    /// <summary>A document was collected: it counts for its campaign if the campaign had reminded its holder.</summary>
    public async Task CollectedAsync(string documentKey, CancellationToken ct = default)
    {
        await _daily.CountAsync(DailyCounters.DocumentsCollected, ct);
        if (await store.GetAsync<Membership>(MemberKey(documentKey), ct) is { Reminded: true, CollectedCounted: false } member)
        {
            // Counted once, however often the register says "collected" again.
            member.CollectedCounted = true;
            await store.SetAsync(MemberKey(documentKey), member, Kept, ct);
            await CountAsync(member.Campaign, Collected, ct);
        }
    }

    public async Task OnDeliveryReportAsync(SentSms sent, CancellationToken ct)
    {
        if (sent.Purpose != ReminderSweep.Purpose || sent.Status != SmsDeliveryStatus.Delivered || sent.Reference is null) return;
        var documentKey = DueReminder.Parse(sent.Reference).DocumentKey;
        if (await store.GetAsync<Membership>(MemberKey(documentKey), ct) is { } member)
            await CountAsync(member.Campaign, Delivered, ct);
    }

    public async Task<IReadOnlyDictionary<string, long>> TotalsAsync(string campaign, CancellationToken ct = default)
    {
        var values = await Task.WhenAll(Metrics.Select(m => _daily.ReadKeyAsync(TotalKey(campaign, m), ct)));
        return Metrics.Select((m, i) => (m, values[i])).ToDictionary(x => x.m, x => x.Item2);
    }

    public async Task<IReadOnlyList<CampaignDay>> DaysAsync(string campaign, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var days = new List<CampaignDay>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var date = d.ToString("yyyy-MM-dd");
            var v = await Task.WhenAll(Metrics.Select(m => _daily.ReadKeyAsync(DayKey(campaign, date, m), ct)));
            days.Add(new CampaignDay(date, v[0], v[1], v[2], v[3]));
        }
        return days;
    }

    public DateOnly Today => _daily.Today;

    private Task CountAsync(string campaign, string metric, CancellationToken ct) => Task.WhenAll(
        _daily.CountKeyAsync(TotalKey(campaign, metric), ct),
        _daily.CountKeyAsync(DayKey(campaign, Today.ToString("yyyy-MM-dd"), metric), ct));
}
