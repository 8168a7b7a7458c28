namespace Huduma.Contact.Core.State;

/// <summary>
/// Counters per day in Nairobi (huduma:daily:{metric}:{yyyy-MM-dd}, kept 400 days) for the supervisors'
/// dashboard: conversations started per channel, reminders sent, documents collected.
/// </summary>
public sealed class DailyCounters(IStateStore store, TimeProvider clock)
{
    public const string RemindersSent = "reminders-sent";
    public const string DocumentsCollected = "documents-collected";
    public static string ConversationsStarted(string channel) => $"conversations:{channel}";

    // Kenya keeps East Africa Time all year: no daylight saving to follow.
    public static readonly TimeSpan Nairobi = TimeSpan.FromHours(3);
    private static readonly TimeSpan Kept = TimeSpan.FromDays(400);

    private static string Key(string metric, DateOnly day) => $"daily:{metric}:{day:yyyy-MM-dd}";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Nairobi).DateTime);

    public Task CountAsync(string metric, CancellationToken ct = default) => store.IncrementAsync(Key(metric, Today), Kept, ct);

    /// <summary>The counts of each day from <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    public async Task<IReadOnlyList<long>> DaysAsync(string metric, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var days = new List<Task<long>>();
        for (var d = from; d <= to; d = d.AddDays(1)) days.Add(store.GetCountAsync(Key(metric, d), ct));
        return await Task.WhenAll(days);
    }
}
