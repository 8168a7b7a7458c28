using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// Tickets in <see cref="RedisBuckets.Count"/> buckets, each under its own hash tag {esc:b}:
/// huduma:{esc:b}:ticket:{ref} holds a ticket as JSON, :open is a sorted set of waiting tickets by creation
/// time, :claimed one of claimed tickets by claim time, :resolved one of resolved tickets by resolution
/// time, :key:{idempotency key} names the ticket made for a key. One script writes a ticket, its queue entry
/// and its key together — or finds the ticket the key already made — because they share the bucket. The
/// buckets' tags put them on every primary of a cluster. A list (the agents' queue, the dashboard) reads
/// the head of every bucket and merges them, so the oldest ticket of the whole desk comes first.
/// A ticket's number says its bucket (number mod <see cref="RedisBuckets.Count"/>): the one counter,
/// huduma:{esc}:seq, gives n, and the ticket is numbered n × buckets + its bucket, so references stay
/// unique and in the order tickets were made. That counter is one INCR a ticket on one primary, against
/// a few dozen commands over a ticket's life in its bucket. A ticket asked for with an idempotency key goes
/// to the key's bucket (a retry finds it there); one without, to the bucket of its number.
/// For the supervisors' dashboard each bucket also keeps each channel's open and claimed queues
/// (:open:{channel}, :claimed:{channel}), the channels it has seen (:channels) and each Nairobi day's
/// counters (:day:{yyyy-MM-dd}, <see cref="EscalationTally"/>), written by the same scripts as the
/// tickets, so the figures are read without reading a ticket and a change counts only if it lands.
/// </summary>
internal sealed class RedisEscalationStore(IConnectionMultiplexer redis, TimeProvider clock, EscalationMetrics? metrics = null) : IEscalationStore
{
    private static readonly RedisBuckets Buckets = new("esc");
    private static readonly RedisKey Sequence = RedisStateStore.Namespace + "{esc}:seq";
    private static string Prefix(int bucket) => RedisStateStore.Namespace + Buckets.Tag(bucket) + ":";
    private static RedisKey Open(int bucket) => Prefix(bucket) + "open";
    private static RedisKey Claimed(int bucket) => Prefix(bucket) + "claimed";
    private static RedisKey Resolved(int bucket) => Prefix(bucket) + "resolved";
    // The dashboard's index, kept by the same scripts that change the tickets: each channel's open and
    // claimed queues, the channels the bucket has seen, and each Nairobi day's counters (EscalationTally).
    private static RedisKey OpenOf(int bucket, string channel) => Prefix(bucket) + "open:" + channel;
    private static RedisKey ClaimedOf(int bucket, string channel) => Prefix(bucket) + "claimed:" + channel;
    private static RedisKey Channels(int bucket) => Prefix(bucket) + "channels";
    // Per agent and kind, the tickets of the bucket held now (HeldChange's fields), kept by the same scripts.
    private static RedisKey Held(int bucket) => Prefix(bucket) + "held";
    private static RedisKey Day(int bucket, DateOnly day) => Prefix(bucket) + "day:" + day.ToString("yyyy-MM-dd");
    // A phone's tickets by creation time, the newest EscalationPhoneIndex.Kept: one key a phone (one slot), so
    // cluster-safe on its own; written after the ticket, and a ticket purged since is skipped when read.
    private static RedisKey ByPhone(string msisdn) => RedisStateStore.Namespace + "esc-phone:" + msisdn;
    private static RedisKey Ticket(string reference) => BucketOf(reference) is { } b ? Prefix(b) + "ticket:" + reference : default;

    /// <summary>The bucket a reference's number names; null for what is not a reference.</summary>
    private static int? BucketOf(string reference) =>
        reference.StartsWith("HK", StringComparison.Ordinal) && long.TryParse(reference.AsSpan(2), out var number) && number >= 0
            ? (int)(number % RedisBuckets.Count) : null;

    private IDatabase Db => redis.GetDatabase();

    // The JSON each ticket was read from, so a compare-and-set compares what is stored with what was read,
    // byte for byte, even when the ticket was written by an older version without a newer field.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Escalation, string> _readFrom = new();

    private Escalation Read(string json)
    {
        var ticket = StateJson.Deserialize<Escalation>(json)!;
        _readFrom.AddOrUpdate(ticket, json);
        return ticket;
    }

    // Adds a change's counts (EscalationTally) to the day's hash KEYS[day]: ARGV from `from` on are field, amount pairs.
    private const string TallyFunction = """
        local function tally(day, ttl, from)
          if #ARGV < from then return end
          for i = from, #ARGV, 2 do redis.call('HINCRBY', day, ARGV[i], ARGV[i + 1]) end
          redis.call('PEXPIRE', day, ttl)
        end
        """;

    // KEYS: ticket, open queue, idempotency key (or the ticket again when there is none), the channel's open
    // queue, the bucket's channels, the day's counters. ARGV: reference, ticket JSON, creation time (ms),
    // idempotency TTL (ms; 0 = no key), channel, the day's TTL (ms), then the counts to add.
    private const string CreateScript = TallyFunction + "\n" + """
        if ARGV[4] ~= '0' then
          local existing = redis.call('GET', KEYS[3])
          if existing then return existing end
          redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[4])
        end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
        redis.call('SADD', KEYS[5], ARGV[5])
        tally(KEYS[6], ARGV[6], 7)
        return ARGV[1]
        """;

    // A retried request arrives within seconds; a day is ample and keeps the keys from piling up.
    private static readonly TimeSpan IdempotencyWindow = TimeSpan.FromDays(1);
    // As long as the other daily counters (DailyCounters): a year's comparisons.
    private static readonly TimeSpan DayKept = TimeSpan.FromDays(400);

    public async Task<Escalation> CreateAsync(NewEscalation request, CancellationToken ct = default) => (await OpenAsync(request, ct)).Ticket;

    public async Task<EscalationOpened> OpenAsync(NewEscalation request, CancellationToken ct = default)
    {
        var n = await Db.StringIncrementAsync(Sequence);
        var bucket = request.IdempotencyKey is { } key ? RedisBuckets.Of(key) : (int)(n % RedisBuckets.Count);
        var ticket = EscalationFactory.Create(request, EscalationReference.Format(n * RedisBuckets.Count + bucket), clock);
        var ticketKey = Ticket(ticket.Reference);
        RedisKey idempotency = request.IdempotencyKey is { } k ? Prefix(bucket) + "key:" + k : ticketKey;
        var (day, counts) = Counts(null, ticket);
        var made = (string?)await Db.ScriptEvaluateAsync(CreateScript,
            [ticketKey, Open(bucket), idempotency, OpenOf(bucket, ticket.Channel), Channels(bucket), day!.Value],
        [
            ticket.Reference, StateJson.Serialize(ticket), ticket.CreatedAt.ToUnixTimeMilliseconds(),
            request.IdempotencyKey is null ? 0 : (long)IdempotencyWindow.TotalMilliseconds, ticket.Channel, (long)DayKept.TotalMilliseconds, .. counts,
        ]);
        if (made == ticket.Reference)
        {
            if (ticket.Msisdn is { } phone)
                await Db.ScriptEvaluateAsync(IndexPhoneScript, [ByPhone(phone)],
                    [ticket.CreatedAt.ToUnixTimeMilliseconds(), ticket.Reference, EscalationPhoneIndex.Kept, (long)DayKept.TotalMilliseconds]);
            metrics?.Opened(ticket.Channel);
            return new EscalationOpened(ticket, IsNew: true);
        }
        return new EscalationOpened(await GetAsync(made!, ct) ?? throw new RedisException($"escalation {made} named by its idempotency key is missing"),
            IsNew: false);
    }

    /// <summary>The day's hash a change counts in and the field, amount pairs it adds (none: no key, no pairs).</summary>
    private static (RedisKey? Day, RedisValue[] Counts) Counts(Escalation? before, Escalation after)
    {
        if (EscalationTally.Of(before, after) is not var (day, adds) || BucketOf(after.Reference) is not { } b) return (null, []);
        return (Day(b, day), adds.SelectMany(a => new RedisValue[] { a.Field, a.By }).ToArray());
    }

    // KEYS: the phone's index. ARGV: creation time (ms), reference, how many to keep, TTL (ms).
    private const string IndexPhoneScript = """
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1 - tonumber(ARGV[3]))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        """;

    public async Task<IReadOnlyList<Escalation>> ListByPhoneAsync(string msisdn, int max = EscalationPhoneIndex.Kept, CancellationToken ct = default)
    {
        var references = await Db.SortedSetRangeByRankAsync(ByPhone(msisdn), 0, Math.Min(max, EscalationPhoneIndex.Kept) - 1, Order.Descending);
        var tickets = await Task.WhenAll(references.Select(r => GetAsync(r.ToString(), ct)));
        return tickets.OfType<Escalation>().ToList();
    }

    public async Task<Escalation?> GetAsync(string reference, CancellationToken ct = default)
    {
        if (BucketOf(reference) is null) return null;
        var json = await Db.StringGetAsync(Ticket(reference));
        return json.IsNullOrEmpty ? null : Read(json.ToString());
    }

    public Task<IReadOnlyList<Escalation>> ListOpenAsync(int max = 100, CancellationToken ct = default) =>
        ListAsync(Open, EscalationStatus.Open, max);

    public Task<IReadOnlyList<Escalation>> ListClaimedAsync(int max = 100, CancellationToken ct = default) =>
        ListAsync(Claimed, EscalationStatus.Claimed, max);

    // KEYS: a bucket's open queue. ARGV: the lowest score (ms) to read from, how many entries of that score were
    // read already, how many to read. Per entry: reference, score, then channel, language and whether it has a
    // conversation, or three empty strings for a ticket gone or no longer waiting. Each ticket is decoded here,
    // so only what assignment matches on crosses the network, whatever the ticket's transcript holds.
    private const string WaitingScript = """
        local entries = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', tonumber(ARGV[2]), tonumber(ARGV[3]))
        local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #'open') .. 'ticket:'
        local page = {}
        for i = 1, #entries, 2 do
          local json = redis.call('GET', prefix .. entries[i])
          local t = json and cjson.decode(json)
          table.insert(page, entries[i])
          table.insert(page, entries[i + 1])
          if t and (t.status == nil or t.status == 'open') then
            table.insert(page, t.channel or '')
            table.insert(page, t.language or '')
            table.insert(page, (t.conversationId and t.conversationId ~= cjson.null) and '1' or '0')
          else
            table.insert(page, '')
            table.insert(page, '')
            table.insert(page, '')
          end
        end
        return page
        """;

    public async IAsyncEnumerable<WaitingTicket> WaitingAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        // Every bucket's queue read from its oldest on, a page at a time, merged in order (as ListAsync's Merge):
        // the next ticket is the oldest head of the buckets, once every bucket with more to read has a head.
        var queues = Buckets.All.Select(b => new WaitingPages(Open(b))).ToList();
        while (true)
        {
            await Task.WhenAll(queues.Where(q => q.WantsMore).Select(q => q.ReadAsync(Db)));
            var next = queues.Where(q => q.Head is not null)
                .MinBy(q => q.Head, Comparer<WaitingTicket?>.Create((a, b) => QueueOrder(a!, b!)));
            if (next is null) yield break;
            ct.ThrowIfCancellationRequested();
            yield return next.Take();
        }
    }

    private static int QueueOrder(WaitingTicket a, WaitingTicket b)
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        if (byTime != 0) return byTime;
        var byLength = a.Reference.Length.CompareTo(b.Reference.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(a.Reference, b.Reference);
    }

    /// <summary>
    /// One bucket's open queue read a page at a time, each from where the last ended by score (not by rank, which
    /// shifts as tickets ahead are claimed); pages grow from a few (the first ticket usually fits) to a few hundred.
    /// </summary>
    private sealed class WaitingPages(RedisKey queue)
    {
        private const int First = 8, Most = 256;
        private readonly Queue<WaitingTicket> _read = new();
        private double _from = double.NegativeInfinity;
        private int _readAtFrom, _size = First;
        private bool _ended;

        public bool WantsMore => _read.Count == 0 && !_ended;
        public WaitingTicket? Head => _read.TryPeek(out var head) ? head : null;
        public WaitingTicket Take() => _read.Dequeue();

        public async Task ReadAsync(IDatabase db)
        {
            while (WantsMore)
            {
                var page = (RedisResult[])(await db.ScriptEvaluateAsync(WaitingScript, [queue],
                    [double.IsNegativeInfinity(_from) ? "-inf" : _from, _readAtFrom, _size]))!;
                for (var i = 0; i + 4 < page.Length; i += 5)
                {
                    var score = double.Parse((string)page[i + 1]!, System.Globalization.CultureInfo.InvariantCulture);
                    (_from, _readAtFrom) = score == _from ? (_from, _readAtFrom + 1) : (score, 1);
                    if ((string?)page[i + 2] is not { Length: > 0 } channel) continue; // gone, or taken, since it was listed
                    _read.Enqueue(new WaitingTicket((string)page[i]!, channel, (string)page[i + 3]!, (string)page[i + 4]! == "1",
                        DateTimeOffset.FromUnixTimeMilliseconds((long)score)));
                }
                _ended = page.Length / 5 < _size;
                _size = Math.Min(_size * 4, Most);
            }
        }
    }

    // KEYS: a bucket's held counts. ARGV: the kinds' names, chat and call-back, and the channel worked in writing.
    // The first read of a bucket's counts (a store written before they existed) counts its claimed tickets, kind as
    // TicketKinds.Of says, and marks the counts "counted": from then on the ReplaceScript keeps them.
    private const string HeldScript = """
        if redis.call('HEXISTS', KEYS[1], 'counted') == 0 then
          local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #'held')
          for _, ref in ipairs(redis.call('ZRANGE', prefix .. 'claimed', 0, -1)) do
            local json = redis.call('GET', prefix .. 'ticket:' .. ref)
            local t = json and cjson.decode(json)
            if t and t.agent and t.agent ~= cjson.null then
              local kind = ARGV[2]
              if (t.conversationId and t.conversationId ~= cjson.null) or t.channel == ARGV[3] then kind = ARGV[1] end
              redis.call('HINCRBY', KEYS[1], kind .. ':' .. t.agent, 1)
            end
          end
          redis.call('HSET', KEYS[1], 'counted', 1)
        end
        return redis.call('HGETALL', KEYS[1])
        """;

    public async Task<IReadOnlyDictionary<string, HeldTickets>> HeldAsync(CancellationToken ct = default)
    {
        // One script a bucket: twelve small hashes, O(agents) fields each.
        var buckets = await Task.WhenAll(Buckets.All.Select(b => Db.ScriptEvaluateAsync(HeldScript, [Held(b)],
            [Assignment.TicketKinds.Chat, Assignment.TicketKinds.Callback, Assignment.TicketKinds.InWritingChannel])));
        var counts = new List<KeyValuePair<string, long>>();
        foreach (var fields in buckets.Select(r => (RedisResult[])r!))
            for (var i = 0; i + 1 < fields.Length; i += 2) counts.Add(KeyValuePair.Create((string)fields[i]!, long.Parse((string)fields[i + 1]!)));
        return HeldChange.PerAgent(counts);
    }

    public async Task<long> CountAsync(string status, CancellationToken ct = default)
    {
        Func<int, RedisKey> queue = status switch
        {
            EscalationStatus.Open => Open,
            EscalationStatus.Claimed => Claimed,
            _ => throw new ArgumentOutOfRangeException(nameof(status), "counted: open or claimed"),
        };
        return (await Task.WhenAll(Buckets.All.Select(b => Db.SortedSetLengthAsync(queue(b))))).Sum();
    }

    private async Task<IReadOnlyList<Escalation>> ListAsync(Func<int, RedisKey> queue, string status, int max)
    {
        // The first max of each bucket, merged by the queues' score; a ticket changed between the reads is left out.
        var heads = await Task.WhenAll(Buckets.All.Select(b => Db.SortedSetRangeByRankWithScoresAsync(queue(b), 0, max - 1)));
        return (await TicketsAsync(Merge(heads, max))).Where(t => t.Status == status).ToList();
    }

    /// <summary>The first <paramref name="max"/> of several sorted sets' entries, by score, then by number (the order tickets were made).</summary>
    private static RedisValue[] Merge(IEnumerable<SortedSetEntry[]> sets, int max) =>
        sets.SelectMany(s => s).OrderBy(e => e.Score).ThenBy(e => e.Element.ToString().Length).ThenBy(e => e.Element.ToString(), StringComparer.Ordinal)
            .Take(max).Select(e => e.Element).ToArray();

    /// <summary>The tickets named, in that order (one MGET per bucket), leaving out any that is gone.</summary>
    private async Task<IReadOnlyList<Escalation>> TicketsAsync(RedisValue[] references)
    {
        if (references.Length == 0) return [];
        var values = await redis.StringGetManyAsync(Db, references.Select(r => Ticket(r.ToString())).ToArray());
        return values.Where(v => !v.IsNullOrEmpty).Select(v => Read(v.ToString())).ToList();
    }

    public async Task<IReadOnlyList<Escalation>> ListResolvedAsync(DateTimeOffset since, int max = 10_000, CancellationToken ct = default)
    {
        var sets = await Task.WhenAll(Buckets.All.Select(b =>
            Db.SortedSetRangeByScoreWithScoresAsync(Resolved(b), since.ToUnixTimeMilliseconds(), double.PositiveInfinity, take: max)));
        return await TicketsAsync(Merge(sets, max));
    }

    // KEYS: the resolved set. ARGV: before (ms), max. Each ticket's key is derived from the set's own name
    // (same bucket, same slot), so one script removes both.
    private const string PurgeScript = """
        local refs = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #'resolved') .. 'ticket:'
        for _, ref in ipairs(refs) do
          redis.call('DEL', prefix .. ref)
          redis.call('ZREM', KEYS[1], ref)
        end
        return #refs
        """;

    public async Task<int> PurgeResolvedAsync(DateTimeOffset before, int max = 10_000, CancellationToken ct = default)
    {
        var purged = 0;
        foreach (var b in Buckets.All)
        {
            if (purged >= max) break;
            purged += (int)(long)await Db.ScriptEvaluateAsync(PurgeScript, [Resolved(b)], [before.ToUnixTimeMilliseconds(), max - purged]);
        }
        return purged;
    }

    // KEYS: ticket, open queue, claimed queue, resolved set, the channel's open and claimed queues, the day's
    // counters (or the ticket again when the change counts nothing), the held counts. ARGV: expected JSON, next
    // JSON, reference, next status, score (ms), the day's TTL (ms), how many held counts change (n), n field,
    // amount pairs (HeldChange), then the day's counts to add: only when the compare succeeds, in the same step,
    // so a change counts once however often it is tried.
    private const string ReplaceScript = TallyFunction + "\n" + """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('ZREM', KEYS[2], ARGV[3])
        redis.call('ZREM', KEYS[3], ARGV[3])
        redis.call('ZREM', KEYS[5], ARGV[3])
        redis.call('ZREM', KEYS[6], ARGV[3])
        if ARGV[4] == 'open' then
          redis.call('ZADD', KEYS[2], ARGV[5], ARGV[3])
          redis.call('ZADD', KEYS[5], ARGV[5], ARGV[3])
        elseif ARGV[4] == 'claimed' then
          redis.call('ZADD', KEYS[3], ARGV[5], ARGV[3])
          redis.call('ZADD', KEYS[6], ARGV[5], ARGV[3])
        elseif ARGV[4] == 'resolved' then redis.call('ZADD', KEYS[4], ARGV[5], ARGV[3]) end
        local held = tonumber(ARGV[7])
        -- Not counted before the counts were first read: that first read counts the claimed tickets, this one among them.
        if held > 0 and redis.call('HEXISTS', KEYS[8], 'counted') == 1 then
          for i = 8, 7 + 2 * held, 2 do
            if redis.call('HINCRBY', KEYS[8], ARGV[i], ARGV[i + 1]) <= 0 then redis.call('HDEL', KEYS[8], ARGV[i]) end
          end
        end
        tally(KEYS[7], ARGV[6], 8 + 2 * held)
        return 1
        """;

    public async Task<bool> ReplaceAsync(Escalation expected, Escalation next, CancellationToken ct = default)
    {
        // A released ticket keeps its place in the queue (its creation time); a claimed one is ordered by claim.
        var score = (next.Status switch
        {
            EscalationStatus.Claimed => next.ClaimedAt ?? next.CreatedAt,
            EscalationStatus.Resolved => next.ResolvedAt ?? next.CreatedAt,
            _ => next.CreatedAt,
        }).ToUnixTimeMilliseconds();
        if (BucketOf(expected.Reference) is not { } b) return false;
        var ticket = Ticket(expected.Reference);
        var (day, counts) = Counts(expected, next);
        var held = HeldChange.Of(expected, next);
        var replaced = (long)await Db.ScriptEvaluateAsync(ReplaceScript,
            [ticket, Open(b), Claimed(b), Resolved(b), OpenOf(b, next.Channel), ClaimedOf(b, next.Channel), day ?? ticket, Held(b)],
            [
                _readFrom.TryGetValue(expected, out var read) ? read : StateJson.Serialize(expected), StateJson.Serialize(next), next.Reference, next.Status, score,
                (long)DayKept.TotalMilliseconds, held.Count, .. held.SelectMany(h => new RedisValue[] { h.Field, h.By }), .. counts,
            ]);
        return replaced == 1;
    }

    // KEYS: the bucket's channels. Per channel: its name, how many wait, the oldest's creation time (ms; ""
    // when none waits), how many are claimed. The queues' names are derived from the key's (same bucket, same slot).
    private const string QueueFiguresScript = """
        local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #'channels')
        local figures = {}
        for _, channel in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local open = prefix .. 'open:' .. channel
          local oldest = redis.call('ZRANGE', open, 0, 0, 'WITHSCORES')
          table.insert(figures, channel)
          table.insert(figures, redis.call('ZCARD', open))
          table.insert(figures, oldest[2] or '')
          table.insert(figures, redis.call('ZCARD', prefix .. 'claimed:' .. channel))
        end
        return figures
        """;

    public async Task<IReadOnlyList<EscalationQueueFigures>> QueueFiguresAsync(CancellationToken ct = default)
    {
        // One script a bucket: twelve round trips at once, whatever the queues hold.
        var buckets = await Task.WhenAll(Buckets.All.Select(b => Db.ScriptEvaluateAsync(QueueFiguresScript, [Channels(b)])));
        var figures = new Dictionary<string, EscalationQueueFigures>();
        foreach (var values in buckets.Select(r => (RedisResult[])r!))
            for (var i = 0; i + 3 < values.Length; i += 4)
            {
                var channel = (string)values[i]!;
                var oldest = values[i + 2].IsNull || (string?)values[i + 2] is "" ? (DateTimeOffset?)null
                    : DateTimeOffset.FromUnixTimeMilliseconds((long)double.Parse((string)values[i + 2]!, System.Globalization.CultureInfo.InvariantCulture));
                var add = new EscalationQueueFigures(channel, (long)values[i + 1], oldest, (long)values[i + 3]);
                figures[channel] = figures.TryGetValue(channel, out var sum)
                    ? new(channel, sum.Waiting + add.Waiting, Earliest(sum.OldestWaitingSince, add.OldestWaitingSince), sum.Claimed + add.Claimed)
                    : add;
            }
        return figures.Values.Where(f => f.Waiting + f.Claimed > 0).OrderBy(f => f.Channel, StringComparer.Ordinal).ToList();
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    public async Task<IReadOnlyList<EscalationDayFigures>> DayFiguresAsync(DateOnly day, CancellationToken ct = default)
    {
        var hashes = await Task.WhenAll(Buckets.All.Select(b => Db.HashGetAllAsync(Day(b, day))));
        return EscalationTally.Figures(hashes.SelectMany(h => h).Select(e => KeyValuePair.Create(e.Name.ToString(), (long)e.Value)));
    }

    // KEYS: some days' counters of one bucket (one hash tag: one slot). Each hash as it is, summed by the caller
    // in 64-bit integers (Lua's numbers are doubles, and a year of handling ticks outgrows their exact range).
    private const string DaysScript = """
        local days = {}
        for i = 1, #KEYS do days[i] = redis.call('HGETALL', KEYS[i]) end
        return days
        """;

    public async Task<EscalationRangeFigures> RangeFiguresAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var days = Enumerable.Range(0, Math.Max(0, to.DayNumber - from.DayNumber + 1)).Select(from.AddDays).ToList();
        if (days.Count == 0) return new EscalationRangeFigures([], []);
        // One script a bucket reads all the days' hashes in its slot: twelve commands at once for a day or a year.
        var buckets = await Task.WhenAll(Buckets.All.Select(b => Db.ScriptEvaluateAsync(DaysScript, days.Select(d => Day(b, d)).ToArray())));
        var counters = new List<KeyValuePair<string, long>>();
        foreach (var bucket in buckets)
            foreach (var day in (RedisResult[])bucket!)
            {
                var fields = (RedisResult[])day!;
                for (var i = 0; i + 1 < fields.Length; i += 2) counters.Add(KeyValuePair.Create((string)fields[i]!, long.Parse((string)fields[i + 1]!)));
            }
        return new EscalationRangeFigures(EscalationTally.Figures(counters), EscalationTally.AgentFigures(counters));
    }

    public async IAsyncEnumerable<Escalation> ResolvedBetweenAsync(DateTimeOffset from, DateTimeOffset until,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        // A day at a time: every bucket's references of that day merged in order, then their tickets a few hundred at a time.
        for (var start = from; start < until; start = start.AddDays(1))
        {
            var end = start.AddDays(1) < until ? start.AddDays(1) : until;
            var sets = await Task.WhenAll(Buckets.All.Select(b => Db.SortedSetRangeByScoreWithScoresAsync(Resolved(b),
                start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), Exclude.Stop)));
            foreach (var chunk in Merge(sets, int.MaxValue).Chunk(ExportBatch))
            {
                ct.ThrowIfCancellationRequested();
                foreach (var ticket in await TicketsAsync(chunk))
                    if (ticket.Status == EscalationStatus.Resolved) yield return ticket;
            }
        }
    }

    private const int ExportBatch = 500;

    // KEYS: a bucket's queue (open or claimed). ARGV: its name, then references read from it. Each still in
    // the queue goes into its channel's queue with the same score (the channel read from the ticket).
    private const string IndexScript = """
        local prefix = string.sub(KEYS[1], 1, #KEYS[1] - #ARGV[1])
        local added = 0
        for i = 2, #ARGV do
          local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
          local json = score and redis.call('GET', prefix .. 'ticket:' .. ARGV[i])
          local channel = json and cjson.decode(json)['channel']
          if type(channel) == 'string' then
            added = added + redis.call('ZADD', prefix .. ARGV[1] .. ':' .. channel, score, ARGV[i])
            redis.call('SADD', prefix .. 'channels', channel)
          end
        end
        return added
        """;

    // KEYS: a channel's queue, the bucket's queue of the same status. ARGV: references read from the first:
    // those no longer in the second leave it.
    private const string UnindexScript = """
        local removed = 0
        for i = 1, #ARGV do
          if not redis.call('ZSCORE', KEYS[2], ARGV[i]) then removed = removed + redis.call('ZREM', KEYS[1], ARGV[i]) end
        end
        return removed
        """;

    // A few milliseconds of the server's time a script: other clients are not held up for long.
    private const int IndexBatch = 200;

    /// <summary>
    /// Builds the channels' queues from the open and claimed queues, and drops from them what those no
    /// longer hold: for tickets made before the index existed, or changed by a host of the previous version
    /// during a rolling upgrade. Called at each start (RedisLayoutMigration); idempotent, and safe while
    /// agents work and other hosts do the same, as each ticket is checked and indexed in one script, a
    /// few hundred at a time. Returns how many entries it added and removed.
    /// </summary>
    public async Task<(long Added, long Removed)> IndexQueuesAsync(CancellationToken ct = default)
    {
        long added = 0, removed = 0;
        foreach (var b in Buckets.All)
            foreach (var (name, queue, ofChannel) in new[] { ("open", Open(b), (Func<int, string, RedisKey>)OpenOf), ("claimed", Claimed(b), ClaimedOf) })
            {
                foreach (var batch in (await Db.SortedSetRangeByRankAsync(queue)).Chunk(IndexBatch))
                    added += (long)await Db.ScriptEvaluateAsync(IndexScript, [queue], [name, .. batch]);
                foreach (var channel in await Db.SetMembersAsync(Channels(b)))
                    foreach (var batch in (await Db.SortedSetRangeByRankAsync(ofChannel(b, channel.ToString()))).Chunk(IndexBatch))
                        removed += (long)await Db.ScriptEvaluateAsync(UnindexScript, [ofChannel(b, channel.ToString()), queue], batch);
                ct.ThrowIfCancellationRequested();
            }
        return (added, removed);
    }

    /// <summary>
    /// Moves the tickets a deployment on the one-slot layout left (huduma:{esc}:ticket:…, :open, :claimed,
    /// :resolved) into their buckets (the bucket of the ticket's number); called once at start
    /// (RedisLayoutMigration). Written to the bucket before removed from the old keys, so a host that dies
    /// part way leaves a ticket in both and the next start finishes the move (keeping the bucket's copy). The counter huduma:{esc}:seq
    /// stays where it was: the numbers made from it now (n × buckets + bucket) are all above the old ones.
    /// The old idempotency keys are left to expire (a day): a provider's retry of a request made before the
    /// upgrade and repeated after it would make a second ticket.
    /// </summary>
    public async Task<int> MoveOneSlotLayoutAsync(CancellationToken ct = default)
    {
        const string old = RedisStateStore.Namespace + "{esc}:";
        var moved = 0;
        foreach (var (name, to) in new[] { ("open", (Func<int, RedisKey>)Open), ("claimed", Claimed), ("resolved", Resolved) })
            foreach (var entry in await Db.SortedSetRangeByRankWithScoresAsync(old + name))
            {
                var reference = entry.Element.ToString();
                RedisKey oldTicket = old + "ticket:" + reference;
                if (BucketOf(reference) is { } b && await Db.StringGetAsync(oldTicket) is { IsNullOrEmpty: false } json)
                {
                    // Already there (a move cut short, then the ticket changed): the bucket's copy is the newer.
                    if (await Db.StringSetAsync(Ticket(reference), json, when: When.NotExists))
                        await Db.SortedSetAddAsync(to(b), entry.Element, entry.Score);
                    moved++;
                }
                await Db.KeyDeleteAsync(oldTicket);
                await Db.SortedSetRemoveAsync(old + name, entry.Element);
            }
        return moved;
    }
}
