using System.Text.Json;
using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// huduma:dl:{id}:log is the list of a conversation's activities as JSON (the braces make the id a hash tag).
/// One script appends a message's activities and publishes the wake-up for other hosts' streams: one
/// round trip, and no host is woken before the activities are there to read.
/// </summary>
internal sealed class RedisConversationLog(IConnectionMultiplexer redis, DirectLineOptions options, ConversationSignals signals) : IConversationLog
{
    private const string IdPlaceholder = "__HUDUMA_ACTIVITY_ID__";
    private IDatabase Db => redis.GetDatabase();
    private static RedisKey Key(string conversationId) => $"{RedisStateStore.Namespace}dl:{{{conversationId}}}:log";
    private long TtlMs => (long)options.ConversationLifetime.TotalMilliseconds;

    // KEYS: the log. ARGV: conversation id, TTL (ms), signal channel, signal ('' = none), then each activity's
    // JSON with the id placeholder. Positions and pushes are one step, so ids follow the list's order
    // whoever posts at once. Returns the ids (false: no such conversation).
    private const string AppendScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local n = redis.call('LLEN', KEYS[1])
        local ids = {}
        for i = 5, #ARGV do
          local id = ARGV[1] .. '|' .. string.format('%07d', n)
          local json = string.gsub(ARGV[i], '__HUDUMA_ACTIVITY_ID__', id, 1)
          redis.call('RPUSH', KEYS[1], json)
          ids[#ids + 1] = id
          n = n + 1
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
        return ids
        """;

    public async Task<bool> CreateAsync(string conversationId, CancellationToken ct = default)
    {
        // The list's first element marks the conversation as started; activities follow it (position 1 on).
        var tx = Db.CreateTransaction();
        tx.AddCondition(Condition.KeyNotExists(Key(conversationId)));
        _ = tx.ListRightPushAsync(Key(conversationId), "{}");
        _ = tx.KeyExpireAsync(Key(conversationId), options.ConversationLifetime);
        return await tx.ExecuteAsync();
    }

    public Task<bool> ExistsAsync(string conversationId, CancellationToken ct = default) => Db.KeyExistsAsync(Key(conversationId));

    public async Task<IReadOnlyList<string>> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, bool wake = true, CancellationToken ct = default)
    {
        var args = new RedisValue[4 + activities.Count];
        (args[0], args[1], args[2], args[3]) = (conversationId, TtlMs, ConversationSignals.ChannelName, wake ? signals.Signal(conversationId) : "");
        for (var i = 0; i < activities.Count; i++)
        {
            activities[i].Id = IdPlaceholder;
            args[4 + i] = JsonSerializer.Serialize(activities[i], DirectLineJson.Options);
        }
        var result = await Db.ScriptEvaluateAsync(AppendScript, [Key(conversationId)], args);
        if (result.IsNull) throw new KeyNotFoundException(conversationId);
        var ids = ((RedisResult[])result!).Select(r => r.ToString()).ToList();
        for (var i = 0; i < activities.Count; i++) activities[i].Id = ids[i];
        if (wake) signals.Wake(conversationId);
        return ids;
    }

    public async Task<RawActivitySet> ReadRawAsync(string conversationId, int watermark, CancellationToken ct = default)
    {
        var from = Math.Max(0, watermark);
        var values = await Db.ListRangeAsync(Key(conversationId), from + 1, -1);
        if (values.Length == 0 && !await ExistsAsync(conversationId, ct)) throw new KeyNotFoundException(conversationId);
        return new RawActivitySet(values.Select(v => v.ToString()).ToList(), from + values.Length);
    }
}
