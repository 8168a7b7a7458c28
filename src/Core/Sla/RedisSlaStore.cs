using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Sla;

/// <summary>
/// SLA deadlines in Redis, every key under the hash tag {sla} (one slot, so a script may touch them all):
/// :deadlines (a sorted set of waiting tickets by deadline, ms), :channels (reference → channel, while waiting),
/// :overdue (a sorted set of the tickets still waiting past their deadline), :breached (a sorted set of every
/// ticket that breached, by when: the set-if-absent that counts each once, trimmed after 400 days) and
/// :day:yyyy-MM-dd (channel → breaches that Nairobi day, kept 400 days). A sweep is one script reading only
/// the deadlines already past, so 10,000 waiting tickets cost it nothing more than 10.
/// </summary>
public sealed class RedisSlaStore(IConnectionMultiplexer redis, TimeProvider clock) : ISlaStore
{
    private const string Prefix = RedisStateStore.Namespace + "{sla}:";
    private static readonly RedisKey Deadlines = Prefix + "deadlines", Channels = Prefix + "channels", Overdue = Prefix + "overdue",
        Breached = Prefix + "breached";
    private static RedisKey Day(DateOnly day) => Prefix + "day:" + day.ToString("yyyy-MM-dd");
    private static readonly TimeSpan Kept = DailyCounters.Kept;

    private IDatabase Db => redis.GetDatabase();

    // KEYS: deadlines, channels. ARGV: reference, channel, deadline (ms).
    private const string WatchScript = """
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        return 1
        """;

    public Task WatchAsync(string reference, string channel, DateTimeOffset deadline, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(WatchScript, [Deadlines, Channels], [reference, channel, deadline.ToUnixTimeMilliseconds()]);

    // KEYS: deadlines, channels, overdue. ARGV: reference.
    private const string UnwatchScript = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        return 1
        """;

    public Task UnwatchAsync(string reference, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(UnwatchScript, [Deadlines, Channels, Overdue], [reference]);

    // KEYS: deadlines, channels, overdue, breached, today's counts. ARGV: now (ms), max, day's TTL (s), breached kept since (ms).
    // Taken off the deadlines in the same step as counted: of several hosts sweeping, one takes each; ZADD NX counts it once ever.
    private const string TakeScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
        local taken = {}
        for i = 1, #due, 2 do
          local ref, deadline = due[i], due[i + 1]
          redis.call('ZREM', KEYS[1], ref)
          local channel = redis.call('HGET', KEYS[2], ref)
          if channel then
            redis.call('ZADD', KEYS[3], deadline, ref)
            if redis.call('ZADD', KEYS[4], 'NX', ARGV[1], ref) == 1 then
              redis.call('HINCRBY', KEYS[5], channel, 1)
              redis.call('EXPIRE', KEYS[5], tonumber(ARGV[3]))
              table.insert(taken, ref)
              table.insert(taken, channel)
              table.insert(taken, deadline)
            end
          end
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[4])
        return taken
        """;

    public async Task<IReadOnlyList<SlaBreach>> TakeBreachedAsync(int max = 500, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var taken = (RedisResult[])(await Db.ScriptEvaluateAsync(TakeScript, [Deadlines, Channels, Overdue, Breached, Day(EscalationTally.DayOf(now))],
            [now.ToUnixTimeMilliseconds(), max, (long)Kept.TotalSeconds, (now - Kept).ToUnixTimeMilliseconds()]))!;
        return Enumerable.Range(0, taken.Length / 3).Select(i => new SlaBreach((string)taken[3 * i]!, (string)taken[3 * i + 1]!,
            DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse((string)taken[3 * i + 2]!, System.Globalization.CultureInfo.InvariantCulture)))).ToList();
    }

    public async Task<(IReadOnlyList<SlaBreach> Tickets, long Count)> OverdueAsync(int max = 100, CancellationToken ct = default)
    {
        var batch = Db.CreateBatch();
        var firstRead = batch.SortedSetRangeByRankWithScoresAsync(Overdue, 0, max - 1);
        var countRead = batch.SortedSetLengthAsync(Overdue);
        batch.Execute();
        var first = await firstRead;
        var channels = first.Length == 0 ? [] : await Db.HashGetAsync(Channels, first.Select(e => e.Element).ToArray());
        return (first.Select((e, i) => new SlaBreach(e.Element.ToString(), channels[i].ToString(), DateTimeOffset.FromUnixTimeMilliseconds((long)e.Score)))
            .Where(b => b.Channel != "").ToList(), await countRead);
    }

    // KEYS: the days' counts. Summed per channel in Redis: one round trip for a year.
    private const string DaysScript = """
        local sums = {}
        for _, key in ipairs(KEYS) do
          local counts = redis.call('HGETALL', key)
          for i = 1, #counts, 2 do sums[counts[i]] = (sums[counts[i]] or 0) + tonumber(counts[i + 1]) end
        end
        local flat = {}
        for channel, n in pairs(sums) do table.insert(flat, channel); table.insert(flat, n) end
        return flat
        """;

    public async Task<IReadOnlyDictionary<string, long>> BreachesAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var days = Enumerable.Range(0, Math.Max(0, to.DayNumber - from.DayNumber + 1)).Select(i => Day(from.AddDays(i))).ToArray();
        if (days.Length == 0) return new Dictionary<string, long>();
        var flat = (RedisResult[])(await Db.ScriptEvaluateAsync(DaysScript, days))!;
        return Enumerable.Range(0, flat.Length / 2).ToDictionary(i => (string)flat[2 * i]!, i => (long)flat[2 * i + 1]);
    }
}
