using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Privacy;

/// <summary>
/// The audit on Redis: one sorted set per Nairobi day (huduma:audit:views:{yyyy-MM-dd}), scored by the time
/// in microseconds (<see cref="ScoreOf"/>), each member an entry's JSON. The set expires (EXPIREAT) when the day's retention ends, so a
/// day is kept whole and then goes whole: nothing is trimmed to a count, and no purge job has to run. A day's
/// key is written only by that day's views (a few thousand, not a hot key), and reads never span two keys in
/// one command, so it works the same on a cluster.
/// </summary>
internal sealed class RedisPersonalDataAuditStore(IConnectionMultiplexer redis, AuditOptions options) : IPersonalDataAuditStore
{
    public static RedisKey Key(DateOnly day) => $"{RedisStateStore.Namespace}audit:views:{day:yyyy-MM-dd}";

    private IDatabase Db => redis.GetDatabase();

    public async Task AddAsync(PersonalDataView view, CancellationToken ct = default)
    {
        var day = NairobiDay.Of(view.At);
        var key = Key(day);
        await Db.ScriptEvaluateAsync(AddWithExpiry, [key],
            [ScoreOf(view.At), StateJson.SerializeToUtf8(view), options.ExpiryOf(day).ToUnixTimeSeconds()]);
    }

    /// <summary>
    /// Microseconds since 1970: two views in the same millisecond (a reveal right after an opening) still read
    /// back newest first, where equal scores would fall back to the members' JSON order. Exact in a double
    /// (under 2^53) until the year 2255.
    /// </summary>
    public static long ScoreOf(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / 10;

    // Both in one script: a day's set never exists without its expiry (an expiry already past deletes it at once).
    private const string AddWithExpiry = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('EXPIREAT', KEYS[1], ARGV[3])
        """;

    public async Task<PersonalDataViewPage> ReadAsync(DateOnly from, DateOnly to, int skip, int take, CancellationToken ct = default)
    {
        var days = new List<DateOnly>();
        for (var d = to; d >= from; d = d.AddDays(-1)) days.Add(d);
        // How many each day holds, all asked at once (one round trip), newest day first.
        var counts = await Task.WhenAll(days.Select(d => Db.SortedSetLengthAsync(Key(d))));
        var entries = new List<PersonalDataView>();
        for (var i = 0; i < days.Count && entries.Count < take; i++)
        {
            if (skip >= counts[i])
            {
                skip -= (int)counts[i];
                continue;
            }
            var wanted = take - entries.Count;
            var read = await Db.SortedSetRangeByRankAsync(Key(days[i]), skip, skip + wanted - 1, Order.Descending);
            entries.AddRange(read.Select(v => StateJson.Deserialize<PersonalDataView>(((ReadOnlyMemory<byte>)v).Span)!));
            skip = 0;
        }
        return new PersonalDataViewPage(entries, counts.Sum());
    }

    /// <summary>Where earlier releases kept reveals: one list, newest first, capped at 10,000.</summary>
    public const string RevealListKey = RedisStateStore.Namespace + "audit:reveals";

    private sealed record EarlierReveal(DateTimeOffset At, string Agent, string Reference, string Field);

    /// <summary>
    /// Moves the reveals an earlier release kept in its capped list into their days, then deletes the list, so
    /// supervisors still see them. Each entry's id comes from its text: moved twice (a host stopped halfway), an
    /// entry is the same member and is kept once. Returns how many entries were read.
    /// </summary>
    public async Task<int> MoveRevealListAsync(CancellationToken ct = default)
    {
        var listed = await Db.ListRangeAsync(RevealListKey);
        foreach (var item in listed)
        {
            var text = item.ToString();
            if (StateJson.Deserialize<EarlierReveal>(text) is not { } reveal) continue;
            var id = "r" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..31];
            await AddAsync(new PersonalDataView(id, reveal.At, reveal.Agent, PersonalDataKinds.Numbers, reveal.Reference, reveal.Field, Via: "console"), ct);
        }
        if (listed.Length > 0) await Db.KeyDeleteAsync(RevealListKey);
        return listed.Length;
    }
}
