using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Reminders;

/// <summary>
/// The queue in <see cref="RedisBuckets.Count"/> buckets, a document's bucket fixed by its key: in each,
/// huduma:{reminders:b}:due and :leased are sorted sets of "document#sequence" by due time and by lease
/// end (Unix ms); :held is the set of reminders whose fate is unknown; :docs maps a document to its one
/// queued member. A bucket's hash tag keeps its four keys in one cluster slot, so each move between them
/// is one script; the buckets' tags put them on every primary of a cluster, so the sweep's load is spread
/// (DESIGN.md, "State in Redis"). A lease takes the oldest due reminders of all buckets together. Each
/// reminder's record, huduma:reminder:{document}#{n}, is a hash (mark, attempts, at, sms, note) claimed by
/// a script: whoever flips it to "sending" first is the only one who sends.
/// </summary>
internal sealed class RedisReminderStore(IConnectionMultiplexer redis) : IReminderStore
{
    private static readonly RedisBuckets Buckets = new("reminders");
    private static RedisKey Key(int bucket, string name) => RedisStateStore.Namespace + Buckets.Tag(bucket) + ":" + name;
    private static RedisKey Due(int bucket) => Key(bucket, "due");
    private static RedisKey Leased(int bucket) => Key(bucket, "leased");
    private static RedisKey Held(int bucket) => Key(bucket, "held");
    private static RedisKey Docs(int bucket) => Key(bucket, "docs");
    private static RedisKey[] QueueKeys(DueReminder r) => QueueKeys(RedisBuckets.Of(r.DocumentKey));
    private static RedisKey[] QueueKeys(int b) => [Due(b), Leased(b), Held(b), Docs(b)];
    // Long enough to outlive a document's whole schedule (60 days by default) with room to spare.
    private static readonly TimeSpan RecordKept = TimeSpan.FromDays(400);

    private IDatabase Db => redis.GetDatabase();
    private static RedisKey Record(DueReminder r) => RedisStateStore.Namespace + "reminder:" + r.Member;
    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    // KEYS: due, leased, held, docs. ARGV: document, member, due (ms). A document's older member goes.
    private const string QueueScript = """
        local old = redis.call('HGET', KEYS[4], ARGV[1])
        if old and old ~= ARGV[2] then
          redis.call('ZREM', KEYS[1], old) redis.call('ZREM', KEYS[2], old) redis.call('SREM', KEYS[3], old)
        end
        redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
        return 1
        """;

    // KEYS: from, to (one bucket). ARGV: now (ms), lease end (ms), members chosen. Moves those still there and
    // due (another sweeper may have taken some since they were read), and returns them.
    private const string MoveScript = """
        local taken = {}
        for i = 3, #ARGV do
          local due = redis.call('ZSCORE', KEYS[1], ARGV[i])
          if due and tonumber(due) <= tonumber(ARGV[1]) then
            redis.call('ZREM', KEYS[1], ARGV[i])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[i])
            taken[#taken + 1] = ARGV[i]
          end
        end
        return taken
        """;

    // KEYS: due, leased, held, docs. ARGV: document, member, next member ('' = none), next due (ms).
    private const string FinishScript = """
        redis.call('ZREM', KEYS[2], ARGV[2]) redis.call('ZREM', KEYS[1], ARGV[2])
        if ARGV[3] ~= '' then
          redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
          redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
        elseif redis.call('HGET', KEYS[4], ARGV[1]) == ARGV[2] then
          redis.call('HDEL', KEYS[4], ARGV[1])
        end
        return 1
        """;

    // KEYS: due, leased, held. ARGV: member, due (ms).
    private const string PostponeScript = """
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        return 1
        """;

    // KEYS: due, leased, held. ARGV: member.
    private const string HoldScript = """
        redis.call('ZREM', KEYS[2], ARGV[1]) redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('SADD', KEYS[3], ARGV[1])
        return 1
        """;

    // KEYS: held, docs. ARGV: document, member.
    private const string ReleaseScript = """
        if redis.call('SREM', KEYS[1], ARGV[2]) == 0 then return 0 end
        if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[2], ARGV[1]) end
        return 1
        """;

    // KEYS: the record. ARGV: at (ms), record TTL (ms), sms id. Wins only over no record or a failed one.
    private const string ClaimScript = """
        local mark = redis.call('HGET', KEYS[1], 'mark')
        if mark and mark ~= 'Failed' then return 0 end
        redis.call('HSET', KEYS[1], 'mark', 'Sending', 'at', ARGV[1], 'sms', ARGV[3])
        redis.call('HDEL', KEYS[1], 'note')
        local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return attempts
        """;

    public Task ScheduleAsync(DueReminder reminder, DateTimeOffset dueAt, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(QueueScript, QueueKeys(reminder), [reminder.DocumentKey, reminder.Member, Ms(dueAt)]);

    public Task<IReadOnlyList<DueReminder>> LeaseAsync(DateTimeOffset now, int count, DateTimeOffset leaseUntil, CancellationToken ct = default) =>
        MoveAsync(Due, Leased, now, count, leaseUntil, ct);

    public Task<IReadOnlyList<DueReminder>> ReclaimAsync(DateTimeOffset now, int count, DateTimeOffset leaseUntil, CancellationToken ct = default) =>
        MoveAsync(Leased, Leased, now, count, leaseUntil, ct);

    /// <summary>
    /// The oldest <paramref name="count"/> due of all buckets: each bucket's head read (pipelined, one per
    /// bucket), merged, and the chosen moved by one script per bucket they are in. When another sweeper took
    /// every one chosen in between, look again: an empty answer means nothing is due.
    /// </summary>
    private async Task<IReadOnlyList<DueReminder>> MoveAsync(Func<int, RedisKey> from, Func<int, RedisKey> to, DateTimeOffset now, int count,
        DateTimeOffset leaseUntil, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var heads = await Task.WhenAll(Buckets.All.Select(async b =>
                (Bucket: b, Entries: await Db.SortedSetRangeByScoreWithScoresAsync(from(b), double.NegativeInfinity, Ms(now), take: count))));
            var chosen = heads.SelectMany(h => h.Entries.Select(e => (h.Bucket, Member: e.Element.ToString(), e.Score)))
                .OrderBy(e => e.Score).ThenBy(e => e.Member, StringComparer.Ordinal).Take(count).ToList();
            if (chosen.Count == 0) return [];
            var moved = await Task.WhenAll(chosen.GroupBy(e => e.Bucket).Select(async bucket =>
                (RedisResult[]?)await Db.ScriptEvaluateAsync(MoveScript, [from(bucket.Key), to(bucket.Key)],
                    [Ms(now), Ms(leaseUntil), .. bucket.Select(e => (RedisValue)e.Member)])));
            var taken = moved.SelectMany(m => m ?? []).Select(m => m.ToString()).ToHashSet();
            if (taken.Count > 0) return chosen.Where(e => taken.Contains(e.Member)).Select(e => DueReminder.Parse(e.Member)).ToList();
        }
        return [];
    }

    public Task FinishAsync(DueReminder reminder, DueReminder? next, DateTimeOffset nextDue, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(FinishScript, QueueKeys(reminder), [reminder.DocumentKey, reminder.Member, next?.Member ?? "", Ms(nextDue)]);

    public Task PostponeAsync(DueReminder reminder, DateTimeOffset dueAt, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(PostponeScript, QueueKeys(reminder)[..3], [reminder.Member, Ms(dueAt)]);

    public Task HoldAsync(DueReminder reminder, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(HoldScript, QueueKeys(reminder)[..3], [reminder.Member]);

    public async Task<IReadOnlyList<DueReminder>> HeldAsync(int count, CancellationToken ct = default) =>
        (await Task.WhenAll(Buckets.All.Select(b => Db.SetMembersAsync(Held(b))))).SelectMany(m => m).Select(m => m.ToString())
            .Order(StringComparer.Ordinal).Take(count).Select(DueReminder.Parse).ToList();

    public async Task<bool> ReleaseHeldAsync(DueReminder reminder, CancellationToken ct = default)
    {
        var b = RedisBuckets.Of(reminder.DocumentKey);
        return (long)await Db.ScriptEvaluateAsync(ReleaseScript, [Held(b), Docs(b)], [reminder.DocumentKey, reminder.Member]) == 1;
    }

    public async Task<int?> TryClaimAsync(DueReminder reminder, string smsId, DateTimeOffset at, CancellationToken ct = default) =>
        (int)(long)await Db.ScriptEvaluateAsync(ClaimScript, [Record(reminder)], [Ms(at), (long)RecordKept.TotalMilliseconds, smsId]) is > 0 and var n ? n : null;

    // KEYS: the record. ARGV: TTL (ms), mark, attempts, at (ms), sms ('' = none), note ('' = none). One step, one round trip.
    private const string SetRecordScript = """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'mark', ARGV[2], 'attempts', ARGV[3], 'at', ARGV[4])
        if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'sms', ARGV[5]) end
        if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'note', ARGV[6]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    public Task SetRecordAsync(DueReminder reminder, ReminderRecord record, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(SetRecordScript, [Record(reminder)],
            [(long)RecordKept.TotalMilliseconds, record.Mark.ToString(), record.Attempts, Ms(record.At), record.SmsId ?? "", record.Note ?? ""]);

    public async Task<ReminderRecord?> GetRecordAsync(DueReminder reminder, CancellationToken ct = default)
    {
        var fields = (await Db.HashGetAllAsync(Record(reminder))).ToDictionary(e => e.Name.ToString(), e => e.Value);
        if (!fields.TryGetValue("mark", out var mark)) return null;
        return new ReminderRecord(Enum.Parse<ReminderMark>(mark.ToString()), (int)fields.GetValueOrDefault("attempts"),
            DateTimeOffset.FromUnixTimeMilliseconds((long)fields.GetValueOrDefault("at")),
            fields.TryGetValue("sms", out var sms) ? sms.ToString() : null,
            fields.TryGetValue("note", out var note) ? note.ToString() : null);
    }

    public Task<bool> IsQueuedAsync(string documentKey, CancellationToken ct = default) => Db.HashExistsAsync(Docs(RedisBuckets.Of(documentKey)), documentKey);

    public async Task<ReminderQueueCounts> CountAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var counts = await Task.WhenAll(Buckets.All.Select(async b =>
        {
            var (dueNow, all, leased, held) = (Db.SortedSetLengthAsync(Due(b), double.NegativeInfinity, Ms(now)), Db.SortedSetLengthAsync(Due(b)),
                Db.SortedSetLengthAsync(Leased(b)), Db.SetLengthAsync(Held(b)));
            return new ReminderQueueCounts(await dueNow, await all - await dueNow, await leased, await held);
        }));
        return new ReminderQueueCounts(counts.Sum(c => c.DueNow), counts.Sum(c => c.Scheduled), counts.Sum(c => c.Leased), counts.Sum(c => c.Held));
    }

    /// <summary>
    /// Moves what a deployment on the one-slot layout left (huduma:{reminders}:due, :leased, :held, :docs)
    /// into the buckets; called once at start (RedisLayoutMigration), finding nothing after the first time.
    /// Each reminder is written to its bucket before it leaves the old keys: a host that dies part way leaves
    /// some in both, and the next start moves them again (same member, same score: no harm). A reminder
    /// moved twice is still sent once: its record's claim decides that, not the queue.
    /// </summary>
    public async Task<int> MoveOneSlotLayoutAsync(CancellationToken ct = default)
    {
        const string old = RedisStateStore.Namespace + "{reminders}:";
        RedisKey oldDue = old + "due", oldLeased = old + "leased", oldHeld = old + "held", oldDocs = old + "docs";
        var moved = 0;
        foreach (var (from, to) in new[] { (oldDue, (Func<int, RedisKey>)Due), (oldLeased, Leased) })
            foreach (var entry in await Db.SortedSetRangeByRankWithScoresAsync(from))
            {
                var b = RedisBuckets.Of(DueReminder.Parse(entry.Element.ToString()).DocumentKey);
                await Db.SortedSetAddAsync(to(b), entry.Element, entry.Score);
                await Db.SortedSetRemoveAsync(from, entry.Element);
                moved++;
            }
        foreach (var member in await Db.SetMembersAsync(oldHeld))
        {
            await Db.SetAddAsync(Held(RedisBuckets.Of(DueReminder.Parse(member.ToString()).DocumentKey)), member);
            await Db.SetRemoveAsync(oldHeld, member);
            moved++;
        }
        foreach (var entry in await Db.HashGetAllAsync(oldDocs))
        {
            // A document queued anew under the buckets since keeps its newer member.
            await Db.HashSetAsync(Docs(RedisBuckets.Of(entry.Name.ToString())), entry.Name, entry.Value, When.NotExists);
            await Db.HashDeleteAsync(oldDocs, entry.Name);
        }
        return moved;
    }
}
