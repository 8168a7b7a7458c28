using Hangfire;
using Huduma.Contact.Core.Reminders;

namespace Huduma.Contact.Host.Reminders;

/// <summary>
/// Registers the recurring reminder sweep with Hangfire once its storage can be reached. The host
/// starts and serves citizens even while Redis is down; the registration waits and retries.
/// </summary>
public sealed class ReminderSweepScheduler(IRecurringJobManager jobs, ReminderOptions options, ILogger<ReminderSweepScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                jobs.AddOrUpdate<ReminderSweep>(ReminderSetup.SweepJobId, sweep => sweep.RunAsync(CancellationToken.None), options.SweepCron);
                return;
            }
            catch (Exception e)
            {
                if (attempt == 1) logger.LogWarning(e, "Cannot register the reminder sweep with Hangfire yet (its storage is unreachable); retrying every {Seconds} s", RetryEvery.TotalSeconds);
                await Task.Delay(RetryEvery, stoppingToken);
            }
        }
    }
}
