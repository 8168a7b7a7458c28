using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;

namespace Huduma.Contact.Core.Tests;

public sealed class CampaignTests
{
    private readonly ReminderRig _rig = new();

    private async Task AddAsync(int i, int readyDaysAgo, string centre = "nairobi-gpo", DocumentStatus status = DocumentStatus.ReadyForCollection)
    {
        var today = DateOnly.FromDateTime(_rig.Clock.GetUtcNow().ToOffset(ReminderRig.Eat).DateTime);
        await _rig.Register.UpsertAsync(ReminderRig.Document(i, status) with { CentreId = centre, ReadyOn = today.AddDays(-readyDaysAgo) });
    }

    [Fact]
    public async Task A_campaign_reminds_the_backlog_it_selects_and_counts_sent_delivered_and_collected()
    {
        await AddAsync(1, 40);
        await AddAsync(2, 45);
        await AddAsync(3, 31);
        await AddAsync(4, 40, centre: "kisumu");                        // another centre
        await AddAsync(5, 5);                                            // not long enough
        await AddAsync(6, 40, status: DocumentStatus.Collected);         // already collected
        await AddAsync(7, 40);
        await _rig.Reminders.ScheduleAsync(new DueReminder(ReminderRig.Document(7).Key, 1), _rig.Clock.GetUtcNow().AddDays(3)); // in a series already

        var campaigns = _rig.Campaigns;
        var campaign = await campaigns.CreateAsync(new CampaignCriteria("GPO backlog", 30, ["nairobi-gpo"], []), "amina");
        campaign = await campaigns.SelectAsync(campaign);
        Assert.Equal(("running", 7, 3), (campaign.State, campaign.Scanned, campaign.Selected));

        await _rig.SweepAsync();
        Assert.All(new[] { 1, 2, 3 }, i => Assert.Single(_rig.SentTo(ReminderRig.Phone(i)).Result));
        Assert.All(new[] { 4, 5, 6, 7 }, i => Assert.Empty(_rig.SentTo(ReminderRig.Phone(i)).Result));

        // A delivery report for one; two collected after their reminder (one reported twice); a non-member collected.
        var sms = (await _rig.SentTo(ReminderRig.Phone(1)))[0];
        await _rig.Outbox.ReportAsync("simulator", sms.Id, SmsDeliveryStatus.Delivered, null);
        foreach (var i in new[] { 1, 2, 1, 4 })
            await _rig.Updates.ApplyAsync((await _rig.Register.FindAsync("national_id", (30_000_000 + i).ToString()))! with { Status = DocumentStatus.Collected, CollectedOn = new DateOnly(2026, 11, 28) });

        var report = Assert.Single(await campaigns.ListAsync());
        Assert.Equal(3, report.Totals[CampaignStats.Sent]);
        Assert.Equal(1, report.Totals[CampaignStats.Delivered]);
        Assert.Equal(2, report.Totals[CampaignStats.Collected]);
        Assert.Equal(0, report.Totals[CampaignStats.Failed]);
        var today = Assert.Single(report.Days);
        Assert.Equal((3, 1, 2), (today.Sent, today.Delivered, today.Collected));
    }

    [Fact]
    public async Task A_second_campaign_over_the_same_backlog_reminds_no_one_twice()
    {
        await AddAsync(1, 40);
        var campaigns = _rig.Campaigns;
        await campaigns.SelectAsync(await campaigns.CreateAsync(new CampaignCriteria("first", 30, [], []), "amina"));
        await _rig.SweepAsync();
        var second = await campaigns.SelectAsync(await campaigns.CreateAsync(new CampaignCriteria("again", 30, [], []), "amina"));
        Assert.Equal(0, second.Selected);
        await _rig.SweepAsync();
        Assert.Single(await _rig.SentTo(ReminderRig.Phone(1)));
    }
}
