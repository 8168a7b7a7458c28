namespace Huduma.Contact.Core.Escalations;

/// <summary>The tickets. Members only Core calls (opening with its outcome, assignment's reads) are internal.</summary>
public interface IEscalationStore
{
    /// <summary>
    /// Creates a ticket with a new, unique, short reference a citizen can read out; or, when a ticket
    /// with the same idempotency key exists, returns that one.
    /// </summary>
    Task<Escalation> CreateAsync(NewEscalation request, CancellationToken ct = default);
    /// <summary>
    /// <see cref="CreateAsync"/>, saying whether this call made the ticket: a provider's retried callback
    /// finds the one its first attempt made, which must not be announced (or counted) as new again.
    /// </summary>
    internal Task<EscalationOpened> OpenAsync(NewEscalation request, CancellationToken ct = default);
    Task<Escalation?> GetAsync(string reference, CancellationToken ct = default);
    /// <summary>
    /// A phone's tickets, newest first, up to <paramref name="max"/> (the index keeps the newest
    /// <see cref="EscalationPhoneIndex.Kept"/> a phone): an agent sees the citizen's earlier tickets and ratings.
    /// </summary>
    Task<IReadOnlyList<Escalation>> ListByPhoneAsync(string msisdn, int max = EscalationPhoneIndex.Kept, CancellationToken ct = default);
    /// <summary>Open (waiting) tickets, oldest first (the one waiting longest is served first).</summary>
    Task<IReadOnlyList<Escalation>> ListOpenAsync(int max = 100, CancellationToken ct = default);
    /// <summary>Claimed tickets, longest held first.</summary>
    Task<IReadOnlyList<Escalation>> ListClaimedAsync(int max = 100, CancellationToken ct = default);
    /// <summary>
    /// Every waiting ticket, oldest first, as much of each as assignment matches on: read a page at a time for as
    /// long as the caller goes on, to the end of the queue however long it is, without reading any ticket whole.
    /// </summary>
    internal IAsyncEnumerable<WaitingTicket> WaitingAsync(CancellationToken ct = default);
    /// <summary>
    /// Per agent holding any, the tickets they hold now by kind: counts kept in step with every claim, release,
    /// transfer and resolve that lands, so they are read in a few steps however many tickets are held.
    /// </summary>
    internal Task<IReadOnlyDictionary<string, HeldTickets>> HeldAsync(CancellationToken ct = default);
    /// <summary>How many tickets wait (open) or are being handled (claimed) now, however many that is.</summary>
    Task<long> CountAsync(string status, CancellationToken ct = default);
    /// <summary>
    /// Per channel, the queue now (waiting, the longest wait's start, claimed), kept in step with every
    /// change: a few reads however many tickets there are (the supervisors' dashboard, the gauges).
    /// </summary>
    Task<IReadOnlyList<EscalationQueueFigures>> QueueFiguresAsync(CancellationToken ct = default);
    /// <summary>Per channel, the counters of a Nairobi day (<see cref="EscalationTally"/>), counted as tickets were made and changed.</summary>
    Task<IReadOnlyList<EscalationDayFigures>> DayFiguresAsync(DateOnly day, CancellationToken ct = default);
    /// <summary>
    /// Per channel and per agent, the counters of the Nairobi days <paramref name="from"/> to <paramref name="to"/>
    /// (both included) summed: one read a bucket however many days (callers keep the span to a year or so).
    /// </summary>
    Task<EscalationRangeFigures> RangeFiguresAsync(DateOnly from, DateOnly to, CancellationToken ct = default);
    /// <summary>
    /// Tickets resolved from <paramref name="from"/> (included) until <paramref name="until"/> (excluded), oldest
    /// first, read a day at a time: an export of a year streams without the store or the caller holding it all.
    /// </summary>
    IAsyncEnumerable<Escalation> ResolvedBetweenAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default);
    /// <summary>Tickets resolved since <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<Escalation>> ListResolvedAsync(DateTimeOffset since, int max = 10_000, CancellationToken ct = default);

    /// <summary>
    /// Replaces <paramref name="expected"/> with <paramref name="next"/> only if nobody changed the ticket
    /// since it was read (compare and set): of two agents claiming at once, exactly one succeeds. The
    /// ticket moves between the open and claimed queues with its status.
    /// </summary>
    Task<bool> ReplaceAsync(Escalation expected, Escalation next, CancellationToken ct = default);

    /// <summary>
    /// Deletes tickets resolved before <paramref name="before"/>, at most <paramref name="max"/> at a time
    /// (they hold personal data and transcripts; the retention job calls this daily). Returns how many.
    /// </summary>
    Task<int> PurgeResolvedAsync(DateTimeOffset before, int max = 10_000, CancellationToken ct = default);
}

internal static class EscalationPhoneIndex
{
    /// <summary>How many of a phone's tickets the index keeps: plenty for "has this citizen called before", a bounded key however often they call.</summary>
    public const int Kept = 20;
}

internal static class EscalationReference
{
    /// <summary>"HK000042": short enough to read out on the phone and type on a keypad.</summary>
    public static string Format(long sequence) => $"HK{sequence:D6}";
}

/// <summary>A ticket asked for, and whether this request made it (false: its idempotency key found an earlier one).</summary>
internal sealed record EscalationOpened(Escalation Ticket, bool IsNew);
