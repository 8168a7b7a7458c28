namespace Huduma.Contact.Core.Reminders;

/// <summary>Which backlog a campaign reaches: documents ready for collection for at least this long, at these centres.</summary>
public sealed record CampaignCriteria(string Name, int ReadyForAtLeastDays, IReadOnlyList<string> Centres, IReadOnlyList<string> DocumentTypes);

/// <summary>A reminder campaign for a backlog (huduma:campaign:{id}), started from /admin.</summary>
public sealed class Campaign
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public int ReadyForAtLeastDays { get; set; }
    public List<string> Centres { get; set; } = [];
    public List<string> DocumentTypes { get; set; } = [];
    public string StartedBy { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>selecting (scanning the register), running (reminders queued), or failed.</summary>
    public string State { get; set; } = "selecting";
    public int Scanned { get; set; }
    public int Selected { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// What a campaign has done, in total and per day (Africa/Nairobi dates), for /admin's table and chart;
/// <paramref name="Held"/> when the quiet hours are holding its reminders now.
/// </summary>
public sealed record CampaignReport(Campaign Campaign, IReadOnlyDictionary<string, long> Totals, IReadOnlyList<CampaignDay> Days, CampaignHold? Held = null);

/// <summary>No reminder goes out before <paramref name="Until"/> (with the offset of <paramref name="TimeZone"/>, e.g. 08:00+03:00).</summary>
public sealed record CampaignHold(DateTimeOffset Until, string TimeZone);

public sealed record CampaignDay(string Date, long Sent, long Delivered, long Failed, long Collected);
