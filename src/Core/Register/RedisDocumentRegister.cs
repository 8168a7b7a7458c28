using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Register;

/// <summary>
/// huduma:doc:{type}:{number} holds the document as JSON; huduma:phone-docs:{msisdn} is a set of the
/// document keys on record for a phone. The two live in different cluster slots, so an upsert writes
/// the new index entries first, then the document, then drops stale entries; readers check that the
/// document still names the phone, so a crash between steps never shows a document to a wrong phone.
/// </summary>
internal sealed class RedisDocumentRegister(IConnectionMultiplexer redis) : IDocumentRegister
{
    private const string CountKey = RedisStateStore.Namespace + "doc-count";
    private IDatabase Db => redis.GetDatabase();

    private static RedisKey DocKey(string key) => $"{RedisStateStore.Namespace}doc:{key}";
    private static RedisKey PhoneKey(string msisdn) => $"{RedisStateStore.Namespace}phone-docs:{msisdn}";

    public async Task UpsertAsync(RegisteredDocument document, CancellationToken ct = default)
    {
        var oldJson = await Db.StringGetAsync(DocKey(document.Key));
        await ReplaceAsync(oldJson.IsNullOrEmpty ? null : StateJson.Deserialize<RegisteredDocument>(oldJson.ToString()), document, ct);
    }

    public async Task ReplaceAsync(RegisteredDocument? old, RegisteredDocument document, CancellationToken ct = default)
    {
        // Index entries first (pipelined), then the document, then the stale entries: see the class comment.
        await Task.WhenAll(document.Phones.Select(phone => Db.SetAddAsync(PhoneKey(phone), document.Key)));
        var write = Db.StringSetAsync(DocKey(document.Key), StateJson.SerializeToUtf8(document));
        var count = old is null ? Db.StringIncrementAsync(CountKey) : Task.CompletedTask;
        await Task.WhenAll(write, count);
        var stale = old?.Phones.Except(document.Phones).ToList() ?? [];
        if (stale.Count > 0) await Task.WhenAll(stale.Select(phone => Db.SetRemoveAsync(PhoneKey(phone), document.Key)));
    }

    /// <summary>Bulk load for new documents (imports, the demo register): pipelined, not one round trip each.</summary>
    public async Task UpsertManyAsync(IEnumerable<RegisteredDocument> documents, CancellationToken ct = default)
    {
        foreach (var chunk in documents.Chunk(500))
        {
            var existing = await redis.StringGetManyAsync(Db, chunk.Select(d => DocKey(d.Key)).ToArray());
            var batch = Db.CreateBatch();
            var tasks = new List<Task>();
            for (var i = 0; i < chunk.Length; i++)
            {
                if (!existing[i].IsNullOrEmpty)
                {
                    tasks.Add(UpsertAsync(chunk[i], ct));
                    continue;
                }
                foreach (var phone in chunk[i].Phones) tasks.Add(batch.SetAddAsync(PhoneKey(phone), chunk[i].Key));
                tasks.Add(batch.StringSetAsync(DocKey(chunk[i].Key), StateJson.Serialize(chunk[i])));
                tasks.Add(batch.StringIncrementAsync(CountKey));
            }
            batch.Execute();
            await Task.WhenAll(tasks);
        }
    }

    public async Task<RegisteredDocument?> FindAsync(string type, string number, CancellationToken ct = default)
    {
        // Read from the UTF-8 as stored, in a pooled buffer: a status lookup reads the document on two hops of a session.
        using var json = await Db.StringGetLeaseAsync(DocKey(RegisteredDocument.DocumentKey(type, number)));
        return json is null || json.Length == 0 ? null : StateJson.Deserialize<RegisteredDocument>(json.Span);
    }

    public async Task<IReadOnlyList<RegisteredDocument>> FindByPhoneAsync(string msisdn, CancellationToken ct = default)
    {
        var keys = await Db.SetMembersAsync(PhoneKey(msisdn));
        if (keys.Length == 0) return [];
        var values = await redis.StringGetManyAsync(Db, keys.Select(k => DocKey(k.ToString())).ToArray());
        return values.Where(v => !v.IsNullOrEmpty)
            .Select(v => StateJson.Deserialize<RegisteredDocument>(v.ToString())!)
            .Where(d => d.Phones.Contains(msisdn))
            .OrderBy(d => d.Key).ToList();
    }

    public async IAsyncEnumerable<RegisteredDocument> ScanAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var prefix = RedisStateStore.Namespace + "doc:";
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            var keys = new List<RedisKey>(1000);
            await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 1000).WithCancellation(ct))
            {
                keys.Add(key);
                if (keys.Count < 1000) continue;
                foreach (var d in await ReadAsync(keys)) yield return d;
                keys.Clear();
            }
            foreach (var d in await ReadAsync(keys)) yield return d;
        }
    }

    private async Task<IEnumerable<RegisteredDocument>> ReadAsync(List<RedisKey> keys)
    {
        if (keys.Count == 0) return [];
        // One GET each, pipelined: a cluster's keys live in different slots, which MGET cannot span.
        var values = await Task.WhenAll(keys.Select(k => Db.StringGetAsync(k)));
        return values.Where(v => !v.IsNullOrEmpty).Select(v => StateJson.Deserialize<RegisteredDocument>(((ReadOnlyMemory<byte>)v).Span)!);
    }

    public async Task<long> CountAsync(CancellationToken ct = default) => (long?)await Db.StringGetAsync(CountKey) ?? 0;
}
