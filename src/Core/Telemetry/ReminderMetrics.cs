using System.Diagnostics.Metrics;

namespace Huduma.Contact.Core.Telemetry;

/// <summary>huduma_reminders_sent_total {campaign}: reminders a provider took, by the campaign that selected their document ("none" for the rest).</summary>
internal sealed class ReminderMetrics
{
    public const string NoCampaign = "none";
    private readonly Counter<long> _sent;

    public ReminderMetrics(IMeterFactory meters) =>
        _sent = HudumaMeter.Of(meters).CreateCounter<long>("huduma.reminders.sent", description: "Collection reminders sent, by campaign");

    /// <summary>Campaign ids are few and made by admins: a bounded label.</summary>
    public void Sent(string? campaign) => _sent.Add(1, new KeyValuePair<string, object?>("campaign", campaign ?? NoCampaign));
}
