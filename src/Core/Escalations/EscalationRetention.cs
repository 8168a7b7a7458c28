using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Core.Escalations;

/// <summary>"Escalations" configuration: how long a resolved ticket (phone, transcript, rating) is kept.</summary>
public sealed class EscalationRetentionOptions
{
    public int KeepResolvedDays { get; set; } = 90;
    /// <summary>When the purge runs (Hangfire cron, UTC): daily at night in Nairobi by default.</summary>
    public string PurgeCron { get; set; } = "30 23 * * *";
}

/// <summary>
/// Deletes resolved tickets older than the retention period: they carry citizens' phone numbers and
/// what they said, which the Data Protection Act says not to keep longer than needed. Run daily by Hangfire.
/// </summary>
public sealed class EscalationRetention(IEscalationStore store, EscalationRetentionOptions options, TimeProvider clock, ILogger<EscalationRetention> logger)
{
    private const int Batch = 1_000;

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromDays(options.KeepResolvedDays);
        var purged = 0;
        int last;
        do
        {
            last = await store.PurgeResolvedAsync(before, Batch, ct);
            purged += last;
        } while (last == Batch && !ct.IsCancellationRequested);
        if (purged > 0) logger.LogInformation("Purged {Count} escalations resolved before {Before:u}", purged, before);
        return purged;
    }
}
