using System.Text.Json;
using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>huduma:dl:{id}:log is the list of a conversation's activities as JSON (the braces make the id a hash tag).</summary>
public sealed class RedisConversationLog(IConnectionMultiplexer redis, DirectLineOptions options) : IConversationLog
{
    private const string IdPlaceholder = "__HUDUMA_ACTIVITY_ID__";
    private IDatabase Db => redis.GetDatabase();
    private static RedisKey Key(string conversationId) => $"{RedisStateStore.Namespace}dl:{{{conversationId}}}:log";
    private long TtlMs => (long)options.ConversationLifetime.TotalMilliseconds;

    // KEYS: the log. ARGV: conversation id, activity JSON with the id placeholder, TTL (ms).
    // The position and the push are one step, so ids follow the list's order whoever posts at once.
    private const string AppendScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local n = redis.call('LLEN', KEYS[1])
        local id = ARGV[1] .. '|' .. string.format('%07d', n)
        local json = string.gsub(ARGV[2], '__HUDUMA_ACTIVITY_ID__', id, 1)
        redis.call('RPUSH', KEYS[1], json)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return id
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

    public async Task<string> AppendAsync(string conversationId, Activity activity, CancellationToken ct = default)
    {
        activity.Id = IdPlaceholder;
        var json = JsonSerializer.Serialize(activity, DirectLineJson.Options);
        var id = (string?)await Db.ScriptEvaluateAsync(AppendScript, [Key(conversationId)], [conversationId, json, TtlMs])
                 ?? throw new KeyNotFoundException(conversationId);
        activity.Id = id;
        return id;
    }

    public async Task<ActivitySet> ReadAsync(string conversationId, int watermark, CancellationToken ct = default)
    {
        var from = Math.Max(0, watermark);
        var values = await Db.ListRangeAsync(Key(conversationId), from + 1, -1);
        if (values.Length == 0 && !await ExistsAsync(conversationId, ct)) throw new KeyNotFoundException(conversationId);
        var activities = values.Select(v => JsonSerializer.Deserialize<Activity>(v.ToString(), DirectLineJson.Options)!).ToList();
        return new ActivitySet(activities, (from + activities.Count).ToString());
    }
}
