using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Huduma.Contact.Core.State;

/// <summary>Production state: every key under "huduma:", TTLs enforced by Redis itself.</summary>
public sealed class RedisStateStore(IConnectionMultiplexer redis) : IStateStore
{
    public const string Namespace = "huduma:";

    private IDatabase Db => redis.GetDatabase();
    // When this process last sent each counter hash its expiry (IncrementFieldsAsync).
    private readonly ConcurrentDictionary<string, long> _expirySentAt = new();
    private static RedisKey Key(string key) => Namespace + key;

    // Into a pooled buffer, read from there and given back: every hop reads its session, and a new array
    // for each read was the largest allocation of a hop's Redis work (bench/README.md, session 14).
    public async Task<T?> GetAsync<T>(string key, CancellationToken ct = default) where T : class
    {
        using var value = await Db.StringGetLeaseAsync(Key(key));
        return value is null || value.Length == 0 ? null : StateJson.Deserialize<T>(value.Span);
    }

    public async Task<(T1? First, T2? Second)> GetBothAsync<T1, T2>(string key1, string key2, CancellationToken ct = default)
        where T1 : class where T2 : class
    {
        RedisKey first = Key(key1), second = Key(key2);
        // A cluster refuses an MGET across hash slots: there, two GETs in one round trip.
        if (IsCluster && redis.HashSlot(first) != redis.HashSlot(second))
        {
            var a = Db.StringGetAsync(first);
            var b = Db.StringGetAsync(second);
            return (Read<T1>(await a), Read<T2>(await b));
        }
        var values = await Db.StringGetAsync([first, second]);
        return (Read<T1>(values[0]), Read<T2>(values[1]));
    }

    // Asked once: a deployment does not turn into a cluster while it runs.
    private bool IsCluster => _isCluster ??= redis.GetServers().Any(s => s.ServerType == ServerType.Cluster);
    private bool? _isCluster;

    private static T? Read<T>(RedisValue value) where T : class =>
        value.IsNullOrEmpty ? null : StateJson.Deserialize<T>(((ReadOnlyMemory<byte>)value).Span);

    public Task SetAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class =>
        Db.StringSetAsync(Key(key), StateJson.SerializeToUtf8(value), ttl is { } t ? new Expiration(t) : Expiration.Default);

    public async Task<T?> SwapAsync<T>(string key, T value, TimeSpan? ttl, CancellationToken ct = default) where T : class =>
        Read<T>(await Db.StringSetAndGetAsync(Key(key), StateJson.SerializeToUtf8(value), ttl));

    public Task<bool> SetIfAbsentAsync<T>(string key, T value, TimeSpan ttl, CancellationToken ct = default) where T : class =>
        Db.StringSetAsync(Key(key), StateJson.SerializeToUtf8(value), ttl, When.NotExists);

    // Optimistic: read, change, then write only if the key still holds what was read (or still does not
    // exist), else read again. The comparison runs in Redis, in a script: a transaction with a condition
    // (WATCH … MULTI/EXEC) gave a third less outbound SMS throughput (bench/README.md, session 9).
    private const string CompareAndSet = """
        local current = redis.call('GET', KEYS[1])
        if ARGV[1] == '1' then
          if current then return 0 end
        elseif current ~= ARGV[2] then
          return 0
        end
        if ARGV[4] == '0' then redis.call('SET', KEYS[1], ARGV[3]) else redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) end
        return 1
        """;

    public async Task<T?> UpdateAsync<T>(string key, Func<T?, T?> change, TimeSpan? ttl, CancellationToken ct = default) where T : class
    {
        var redisKey = Key(key);
        var expiry = ttl is { } t ? (long)t.TotalMilliseconds : 0;
        for (var attempt = 1; ; attempt++)
        {
            var read = await Db.StringGetAsync(redisKey);
            var current = Read<T>(read);
            var changed = change(current);
            if (changed is null) return current;
            var written = (long)await Db.ScriptEvaluateAsync(CompareAndSet, [redisKey],
                [read.IsNull ? "1" : "0", read.IsNull ? RedisValue.EmptyString : read, StateJson.SerializeToUtf8(changed), expiry]);
            if (written == 1) return changed;
            if (attempt == 100) throw new InvalidOperationException($"'{key}' kept changing: gave up after {attempt} attempts");
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken ct = default) => Db.KeyDeleteAsync(Key(key));

    public Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken ct = default) => CountAsync(key, 1, ttl);

    // HINCRBY for each field, pipelined in one round trip. The key's expiry (EXPIRE ... NX, which only
    // sets one the key lacks) goes along with the first count from this process and then at most once a
    // minute (or a ttl, if shorter), not with every count: each command saved is ~5 µs of a 2-core
    // host's time (bench/README.md). A key made again without one (Redis restarted empty, or the key
    // expired and was counted again) gets it within that time.
    public async Task<long[]> IncrementFieldsAsync(string key, IReadOnlyList<string> fields, TimeSpan ttl, CancellationToken ct = default)
    {
        var redisKey = Key(key);
        var batch = Db.CreateBatch();
        var counts = new Task<long>[fields.Count];
        for (var i = 0; i < fields.Count; i++) counts[i] = batch.HashIncrementAsync(redisKey, fields[i]);
        if (ExpiryDue(key, ttl)) _ = batch.KeyExpireAsync(redisKey, ttl, ExpireWhen.HasNoExpiry, CommandFlags.FireAndForget);
        batch.Execute();
        return await Task.WhenAll(counts);
    }

    private bool ExpiryDue(string key, TimeSpan ttl)
    {
        var now = Environment.TickCount64;
        var every = (long)Math.Min(60_000, ttl.TotalMilliseconds);
        if (_expirySentAt.TryGetValue(key, out var sent) && now - sent < every) return false;
        // Windows' keys come and go (one an hour, say): forget the ones not counted for a while.
        if (_expirySentAt.Count > 256)
            foreach (var (old, at) in _expirySentAt)
                if (now - at > 60_000) _expirySentAt.TryRemove(old, out _);
        _expirySentAt[key] = now;
        return true;
    }

    public Task<long> AddAsync(string key, long amount, TimeSpan ttl, CancellationToken ct = default) => CountAsync(key, amount, ttl);

    // A counter: INCRBY and PEXPIRE ... NX (Redis 7), pipelined in one round trip. NX only sets an
    // expiry the key lacks, so a counter expires ttl after it was made, however often it counts. The
    // PEXPIRE goes without waiting for its answer; should one be lost, the key's next count sets it.
    // (A Lua script doing the same cost Redis ~13 µs a call in INFO commandstats, several times these.)
    private Task<long> CountAsync(string key, long amount, TimeSpan ttl)
    {
        var batch = Db.CreateBatch();
        var count = batch.StringIncrementAsync(Key(key), amount);
        _ = batch.KeyExpireAsync(Key(key), ttl, ExpireWhen.HasNoExpiry, CommandFlags.FireAndForget);
        batch.Execute();
        return count;
    }

    public async Task<long> GetCountAsync(string key, CancellationToken ct = default) =>
        (long?)await Db.StringGetAsync(Key(key)) ?? 0;

    // A script, not MULTI/EXEC: on a cluster failing over, a transaction queued on a node that has just lost
    // the slot is discarded whole (EXECABORT), while a script is redirected (MOVED) like any command.
    private const string PushCapped = """
        redis.call('LPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        if ARGV[3] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
        return 1
        """;

    public async Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null) where T : class =>
        await Db.ScriptEvaluateAsync(PushCapped, [Key(key)],
            [StateJson.Serialize(value), maxLength, ttl is { } t ? (long)t.TotalMilliseconds : 0]);

    public async Task<IReadOnlyList<T>> RecentAsync<T>(string key, int count, CancellationToken ct = default) where T : class =>
        (await Db.ListRangeAsync(Key(key), 0, count - 1)).Select(v => StateJson.Deserialize<T>(v.ToString())!).ToList();

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await Db.PingAsync();
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }
}
