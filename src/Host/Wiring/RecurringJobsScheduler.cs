using Hangfire;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Host.Reminders;

namespace Huduma.Contact.Host.Wiring;

/// <summary>
/// Registers the recurring jobs with Hangfire once its storage can be reached: the reminder sweep and the
/// purge of old resolved escalations. The host starts and serves citizens even while Redis is down; the
/// registration waits and retries.
/// </summary>
internal sealed class RecurringJobsScheduler(IRecurringJobManager jobs, ReminderOptions reminders, EscalationRetentionOptions retention,
    ILogger<RecurringJobsScheduler> logger) : BackgroundService
{
    public const string RetentionJobId = "escalation-retention";
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                jobs.AddOrUpdate<ReminderSweep>(ReminderSetup.SweepJobId, sweep => sweep.RunAsync(CancellationToken.None), reminders.SweepCron);
                jobs.AddOrUpdate<EscalationRetention>(RetentionJobId, purge => purge.RunAsync(CancellationToken.None), retention.PurgeCron);
                return;
            }
            catch (Exception e)
            {
                if (attempt == 1) logger.LogWarning(e, "Cannot register the recurring jobs with Hangfire yet (its storage is unreachable); retrying every {Seconds} s", RetryEvery.TotalSeconds);
                await Task.Delay(RetryEvery, stoppingToken);
            }
        }
    }
}
