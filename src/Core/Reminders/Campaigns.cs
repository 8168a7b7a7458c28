using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Core.Reminders;

/// <summary>
/// Reminder campaigns for the backlog: documents that were already waiting when they reached the
/// register get no reminder by themselves (see <see cref="ReminderOptions.NewReadyWithinDays"/>); an
/// admin starts a campaign for those ready at least N days at chosen centres, and each selected
/// document's reminders start as if it had just become ready. Documents already in a reminder series
/// are left alone, so a campaign never doubles anyone's reminders.
/// </summary>
public sealed class Campaigns
{
    private readonly IStateStore _store;
    private readonly IDocumentRegister _register;
    private readonly IReminderStore _reminders;
    private readonly ReminderPolicy _policy;
    private readonly CampaignStats _stats;
    private readonly TimeProvider _clock;
    private readonly ILogger<Campaigns> _logger;

    internal Campaigns(IStateStore store, IDocumentRegister register, IReminderStore reminders, ReminderPolicy policy,
        CampaignStats stats, TimeProvider clock, ILogger<Campaigns> logger)
    {
        _store = store;
        _register = register;
        _reminders = reminders;
        _policy = policy;
        _stats = stats;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>A name is a label in the admin's table, not a description.</summary>
    public const int MaxNameLength = 100;
    private const string IndexKey = "campaigns:index";
    private static readonly TimeSpan Kept = TimeSpan.FromDays(400);
    private static string Key(string id) => $"campaign:{id}";

    private sealed class Index
    {
        public List<string> Ids { get; set; } = [];
    }

    public async Task<Campaign> CreateAsync(CampaignCriteria criteria, string by, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(criteria.Name)) throw new ArgumentException("a campaign needs a name");
        if (criteria.Name.Trim().Length > MaxNameLength) throw new ArgumentException($"a campaign name is at most {MaxNameLength} characters");
        if (criteria.ReadyForAtLeastDays < 0) throw new ArgumentException("days ready must be 0 or more");
        var campaign = new Campaign
        {
            Id = _clock.GetUtcNow().ToString("yyyyMMdd") + "-" + Guid.NewGuid().ToString("N")[..6], Name = criteria.Name.Trim(),
            ReadyForAtLeastDays = criteria.ReadyForAtLeastDays, Centres = [.. criteria.Centres], DocumentTypes = [.. criteria.DocumentTypes],
            StartedBy = by, StartedAt = _clock.GetUtcNow(),
        };
        await _store.SetAsync(Key(campaign.Id), campaign, Kept, ct);
        var index = await _store.GetAsync<Index>(IndexKey, ct) ?? new Index();
        index.Ids.Insert(0, campaign.Id);
        await _store.SetAsync(IndexKey, index, Kept, ct);
        return campaign;
    }

    /// <summary>Scans the register and queues a first reminder for each document the campaign reaches.</summary>
    public async Task<Campaign> SelectAsync(Campaign campaign, CancellationToken ct = default)
    {
        try
        {
            var cutoff = _stats.Today.AddDays(-campaign.ReadyForAtLeastDays);
            var due = _policy.NextAllowed(_clock.GetUtcNow());
            await foreach (var document in _register.ScanAsync(ct))
            {
                if (++campaign.Scanned % 20_000 == 0) await _store.SetAsync(Key(campaign.Id), campaign, Kept, ct);
                if (document.Status != DocumentStatus.ReadyForCollection || document.ReadyOn is not { } ready || ready > cutoff) continue;
                if (campaign.Centres.Count > 0 && !campaign.Centres.Contains(document.CentreId)) continue;
                if (campaign.DocumentTypes.Count > 0 && !campaign.DocumentTypes.Contains(document.Type)) continue;
                var first = new DueReminder(document.Key, 0);
                if (await _reminders.IsQueuedAsync(document.Key, ct) || await _reminders.GetRecordAsync(first, ct) is not null) continue;
                await _stats.JoinAsync(document.Key, campaign.Id, ct);
                await _reminders.ScheduleAsync(first, due, ct);
                campaign.Selected++;
            }
            campaign.State = "running";
            _logger.LogInformation("Campaign {Id} ({Name}) by {By}: {Selected} of {Scanned} documents reminded",
                campaign.Id, campaign.Name, campaign.StartedBy, campaign.Selected, campaign.Scanned);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            campaign.State = "failed";
            campaign.Error = e.Message;
            _logger.LogError(e, "Campaign {Id} failed while selecting", campaign.Id);
        }
        await _store.SetAsync(Key(campaign.Id), campaign, Kept, ct);
        return campaign;
    }

    public async Task<IReadOnlyList<CampaignReport>> ListAsync(int days = 30, CancellationToken ct = default)
    {
        var index = await _store.GetAsync<Index>(IndexKey, ct) ?? new Index();
        var reports = new List<CampaignReport>();
        foreach (var id in index.Ids.Take(20))
        {
            if (await _store.GetAsync<Campaign>(Key(id), ct) is not { } campaign) continue;
            var from = DateOnly.FromDateTime(campaign.StartedAt.ToOffset(TimeSpan.FromHours(3)).DateTime);
            var to = _stats.Today;
            if (to.DayNumber - from.DayNumber >= days) from = to.AddDays(1 - days);
            var totals = await _stats.TotalsAsync(id, ct);
            reports.Add(new CampaignReport(campaign, totals, await _stats.DaysAsync(id, from, to, ct), HeldNow(campaign, totals)));
        }
        return reports;
    }

    /// <summary>
    /// The quiet hours hold a campaign that still has first reminders to send (queued for their end when it
    /// was started at night): without a word, "running, 0 sent" at 22:00 looks like a fault.
    /// </summary>
    private CampaignHold? HeldNow(Campaign campaign, IReadOnlyDictionary<string, long> totals)
    {
        var now = _clock.GetUtcNow();
        var waiting = campaign.State == "selecting"
            || (campaign.State == "running" && totals.GetValueOrDefault(CampaignStats.Sent) + totals.GetValueOrDefault(CampaignStats.Failed) < campaign.Selected);
        return waiting && _policy.IsQuiet(now) ? new CampaignHold(_policy.NextAllowed(now), _policy.TimeZoneId) : null;
    }
}
