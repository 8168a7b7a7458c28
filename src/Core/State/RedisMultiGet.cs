using StackExchange.Redis;

namespace Huduma.Contact.Core.State;

/// <summary>
/// Reads many string keys in as few round trips as the deployment allows: one MGET on a single server or
/// under Sentinel; on a cluster, which refuses an MGET whose keys span hash slots (CROSSSLOT), one MGET per
/// slot, all pipelined. Keys read together that have no reason to share a slot (documents, say) are
/// spread over the cluster on purpose: a hash tag would put the whole register on one node.
/// </summary>
internal static class RedisMultiGet
{
    /// <summary>The values in the keys' order; null where a key is missing.</summary>
    public static async Task<RedisValue[]> StringGetManyAsync(this IConnectionMultiplexer redis, IDatabase db, RedisKey[] keys)
    {
        if (keys.Length == 0) return [];
        // HashSlot is -1 for every key unless the connection is to a cluster: then one group, one MGET.
        var slots = keys.Select((key, index) => (key, index)).GroupBy(k => redis.HashSlot(k.key)).ToList();
        if (slots.Count == 1) return await db.StringGetAsync(keys);
        var values = new RedisValue[keys.Length];
        await Task.WhenAll(slots.Select(async slot =>
        {
            var read = await db.StringGetAsync(slot.Select(k => k.key).ToArray());
            var i = 0;
            foreach (var (_, index) in slot) values[index] = read[i++];
        }));
        return values;
    }
}
