using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Reminders;

/// <summary>
/// huduma:{reminders}:due and :leased are sorted sets of "document#sequence" by due time and by lease
/// end (Unix ms); :held is the set of reminders whose fate is unknown; :docs maps a document to its one
/// queued member. The {reminders} hash tag keeps them in one cluster slot, so each move between them is
/// one script. Each reminder's record, huduma:reminder:{document}#{n}, is a hash (mark, attempts, at,
/// sms, note) claimed by a script: whoever flips it to "sending" first is the only one who sends.
/// </summary>
public sealed class RedisReminderStore(IConnectionMultiplexer redis) : IReminderStore
{
    private const string Prefix = RedisStateStore.Namespace + "{reminders}:";
    private static readonly RedisKey Due = Prefix + "due", Leased = Prefix + "leased", Held = Prefix + "held", Docs = Prefix + "docs";
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

    // KEYS: from, to. ARGV: now (ms), count, lease end (ms). Moves what is due, oldest first.
    private const string MoveScript = """
        local taken = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        for _, m in ipairs(taken) do
          redis.call('ZREM', KEYS[1], m)
          redis.call('ZADD', KEYS[2], ARGV[3], m)
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
        Db.ScriptEvaluateAsync(QueueScript, [Due, Leased, Held, Docs], [reminder.DocumentKey, reminder.Member, Ms(dueAt)]);

    public Task<IReadOnlyList<DueReminder>> LeaseAsync(DateTimeOffset now, int count, DateTimeOffset leaseUntil, CancellationToken ct = default) =>
        MoveAsync(Due, Leased, now, count, leaseUntil);

    public Task<IReadOnlyList<DueReminder>> ReclaimAsync(DateTimeOffset now, int count, DateTimeOffset leaseUntil, CancellationToken ct = default) =>
        MoveAsync(Leased, Leased, now, count, leaseUntil);

    private async Task<IReadOnlyList<DueReminder>> MoveAsync(RedisKey from, RedisKey to, DateTimeOffset now, int count, DateTimeOffset leaseUntil)
    {
        var taken = (RedisResult[]?)await Db.ScriptEvaluateAsync(MoveScript, [from, to], [Ms(now), count, Ms(leaseUntil)]);
        return taken?.Select(m => DueReminder.Parse(m.ToString())).ToList() ?? [];
    }

    public Task FinishAsync(DueReminder reminder, DueReminder? next, DateTimeOffset nextDue, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(FinishScript, [Due, Leased, Held, Docs],
            [reminder.DocumentKey, reminder.Member, next?.Member ?? "", Ms(nextDue)]);

    public Task PostponeAsync(DueReminder reminder, DateTimeOffset dueAt, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(PostponeScript, [Due, Leased, Held], [reminder.Member, Ms(dueAt)]);

    public Task HoldAsync(DueReminder reminder, CancellationToken ct = default) =>
        Db.ScriptEvaluateAsync(HoldScript, [Due, Leased, Held], [reminder.Member]);

    public async Task<IReadOnlyList<DueReminder>> HeldAsync(int count, CancellationToken ct = default) =>
        (await Db.SetMembersAsync(Held)).Select(m => m.ToString()).Order(StringComparer.Ordinal).Take(count).Select(DueReminder.Parse).ToList();

    public async Task<bool> ReleaseHeldAsync(DueReminder reminder, CancellationToken ct = default) =>
        (long)await Db.ScriptEvaluateAsync(ReleaseScript, [Held, Docs], [reminder.DocumentKey, reminder.Member]) == 1;

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

    public Task<bool> IsQueuedAsync(string documentKey, CancellationToken ct = default) => Db.HashExistsAsync(Docs, documentKey);

    public async Task<ReminderQueueCounts> CountAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var dueNow = Db.SortedSetLengthAsync(Due, double.NegativeInfinity, Ms(now));
        var all = Db.SortedSetLengthAsync(Due);
        var leased = Db.SortedSetLengthAsync(Leased);
        var held = Db.SetLengthAsync(Held);
        return new ReminderQueueCounts(await dueNow, await all - await dueNow, await leased, await held);
    }
}
