using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Reminders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Huduma.Contact.Core.State;

/// <summary>
/// Moves the reminder queue and the escalations a deployment of the one-slot layout left in Redis
/// (huduma:{reminders}:…, huduma:{esc}:…) into their buckets (DESIGN.md, "State in Redis"). Runs in the
/// background as each host starts, until it has once succeeded (Redis may be down at start); after the
/// first host has moved them, it finds nothing. A host of the old version still running beside new ones
/// keeps writing the old keys: what it queues then is moved when a new host next starts. Then it builds
/// the escalations' per-channel queues (the supervisors' dashboard) for tickets made before them, and
/// drops entries a host of the previous version left stale (<see cref="RedisEscalationStore.IndexQueuesAsync"/>), and
/// moves the reveals of the earlier capped list into the audit's days.
/// </summary>
internal sealed class RedisLayoutMigration(IConnectionMultiplexer redis, TimeProvider clock, Huduma.Contact.Core.Privacy.AuditOptions audit,
    ILogger<RedisLayoutMigration> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var reminders = await new RedisReminderStore(redis).MoveOneSlotLayoutAsync(stoppingToken);
                var escalations = new RedisEscalationStore(redis, clock);
                var tickets = await escalations.MoveOneSlotLayoutAsync(stoppingToken);
                if (reminders + tickets > 0)
                    logger.LogInformation("Moved {Reminders} reminders and {Tickets} escalations from the one-slot layout into buckets", reminders, tickets);
                var (indexed, dropped) = await escalations.IndexQueuesAsync(stoppingToken);
                if (indexed + dropped > 0)
                    logger.LogInformation("Indexed {Indexed} waiting or claimed escalations by channel and dropped {Dropped} stale entries", indexed, dropped);
                var reveals = await new Huduma.Contact.Core.Privacy.RedisPersonalDataAuditStore(redis, audit).MoveRevealListAsync(stoppingToken);
                if (reveals > 0) logger.LogInformation("Moved {Count} reveals from the capped list into the audit's days", reveals);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Could not move the one-slot layout's keys yet; trying again in {Delay}", RetryAfter);
                await Task.Delay(RetryAfter, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
