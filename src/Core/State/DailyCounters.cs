using System.Collections.Concurrent;

namespace Huduma.Contact.Core.State;

/// <summary>
/// Counters per day in Nairobi (huduma:daily:{metric}:{yyyy-MM-dd}, kept 400 days) for the supervisors'
/// dashboard: conversations started per channel, reminders sent, documents collected. Counting costs a
/// citizen's request nothing: counts gather in memory and go to the store every <see cref="FlushEvery"/>
/// (one INCRBY a counter), so the hot paths make no extra Redis call. A crash loses at most those
/// seconds of counts; reading adds what this host has not flushed yet.
/// </summary>
public sealed class DailyCounters : IDisposable
{
    public const string RemindersSent = "reminders-sent";
    public const string DocumentsCollected = "documents-collected";
    public static string ConversationsStarted(string channel) => $"conversations:{channel}";

    // Kenya keeps East Africa Time all year: no daylight saving to follow.
    public static readonly TimeSpan Nairobi = TimeSpan.FromHours(3);
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(2);
    /// <summary>How long a day's counters are kept: a year's comparisons.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(400);

    private readonly IStateStore _store;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, long> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly ITimer _timer;

    public DailyCounters(IStateStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        _timer = clock.CreateTimer(_ => _ = FlushAsync(), null, FlushEvery, FlushEvery);
    }

    private static string Key(string metric, DateOnly day) => $"daily:{metric}:{day:yyyy-MM-dd}";

    public DateOnly Today => DateOnly.FromDateTime(_clock.GetUtcNow().ToOffset(Nairobi).DateTime);

    public Task CountAsync(string metric, CancellationToken ct = default) => CountKeyAsync(Key(metric, Today), ct);

    /// <summary>Adds <paramref name="amount"/> to today's <paramref name="metric"/> (a sum, such as seconds of calls), gathered like a count.</summary>
    public Task AddAsync(string metric, long amount, CancellationToken ct = default)
    {
        _pending.AddOrUpdate(Key(metric, Today), amount, (_, n) => n + amount);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Counts one on a counter of the caller's own (a campaign's, say), gathered and flushed with the daily
    /// ones: a counter written for every reminder sent would otherwise be one key that every sweep's every
    /// reminder writes, the hottest of a cluster's keys.
    /// </summary>
    public Task CountKeyAsync(string key, CancellationToken ct = default)
    {
        _pending.AddOrUpdate(key, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    /// <summary>A counter counted with <see cref="CountKeyAsync"/>: what the store holds and what this host has not flushed yet.</summary>
    public async Task<long> ReadKeyAsync(string key, CancellationToken ct = default) =>
        await _store.GetCountAsync(key, ct) + _pending.GetValueOrDefault(key);

    /// <summary>Sends the counts gathered since the last flush; what the store refuses (Redis down) waits for the next.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        if (!await _flushing.WaitAsync(0, ct)) return; // the previous flush is still going
        try
        {
            foreach (var key in _pending.Keys)
            {
                if (!_pending.TryRemove(key, out var count) || count == 0) continue;
                try { await _store.AddAsync(key, count, Kept, ct); }
                catch (Exception) { _pending.AddOrUpdate(key, count, (_, n) => n + count); return; }
            }
        }
        finally { _flushing.Release(); }
    }

    /// <summary>The counts of each day from <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    public async Task<IReadOnlyList<long>> DaysAsync(string metric, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var days = new List<(string Key, Task<long> Stored)>();
        for (var d = from; d <= to; d = d.AddDays(1)) days.Add((Key(metric, d), _store.GetCountAsync(Key(metric, d), ct)));
        await Task.WhenAll(days.Select(d => d.Stored));
        return days.Select(d => d.Stored.Result + _pending.GetValueOrDefault(d.Key)).ToList();
    }

    public void Dispose()
    {
        _timer.Dispose();
        // Last counts out on an orderly shutdown.
        try { FlushAsync().Wait(TimeSpan.FromSeconds(2)); } catch (Exception) { }
    }
}
