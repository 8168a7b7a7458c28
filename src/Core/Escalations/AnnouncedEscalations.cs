namespace Huduma.Contact.Core.Escalations;

/// <summary>
/// The escalation store as the host uses it: every ticket opened (by any channel) and every change
/// that lands (claim, release, resolve) is announced, once to the listeners — a chat shows "an agent has
/// joined", the agent console's queue updates live. Listeners are resolved on first use, as some of them
/// (the chat handoff) use the store themselves.
/// </summary>
internal sealed class AnnouncedEscalations(IEscalationStore inner, Func<IEnumerable<IEscalationListener>> listeners) : IEscalationStore
{
    private IEnumerable<IEscalationListener>? _listeners;
    private IEnumerable<IEscalationListener> Listeners => _listeners ??= listeners().ToList();

    public async Task<Escalation> CreateAsync(NewEscalation request, CancellationToken ct = default) => (await OpenAsync(request, ct)).Ticket;

    /// <summary>Only a ticket this request made is announced: a retried callback's finds one already announced.</summary>
    public async Task<EscalationOpened> OpenAsync(NewEscalation request, CancellationToken ct = default)
    {
        var opened = await inner.OpenAsync(request, ct);
        if (opened.IsNew) await AnnounceAsync(null, opened.Ticket, ct);
        return opened;
    }

    public Task<Escalation?> GetAsync(string reference, CancellationToken ct = default) => inner.GetAsync(reference, ct);
    public Task<IReadOnlyList<Escalation>> ListByPhoneAsync(string msisdn, int max = EscalationPhoneIndex.Kept, CancellationToken ct = default) =>
        inner.ListByPhoneAsync(msisdn, max, ct);
    public Task<IReadOnlyList<Escalation>> ListOpenAsync(int max = 100, CancellationToken ct = default) => inner.ListOpenAsync(max, ct);
    public Task<IReadOnlyList<Escalation>> ListClaimedAsync(int max = 100, CancellationToken ct = default) => inner.ListClaimedAsync(max, ct);
    public IAsyncEnumerable<WaitingTicket> WaitingAsync(CancellationToken ct = default) => inner.WaitingAsync(ct);
    public Task<IReadOnlyDictionary<string, HeldTickets>> HeldAsync(CancellationToken ct = default) => inner.HeldAsync(ct);
    public Task<long> CountAsync(string status, CancellationToken ct = default) => inner.CountAsync(status, ct);
    public Task<IReadOnlyList<EscalationQueueFigures>> QueueFiguresAsync(CancellationToken ct = default) => inner.QueueFiguresAsync(ct);
    public Task<IReadOnlyList<EscalationDayFigures>> DayFiguresAsync(DateOnly day, CancellationToken ct = default) => inner.DayFiguresAsync(day, ct);
    public Task<EscalationRangeFigures> RangeFiguresAsync(DateOnly from, DateOnly to, CancellationToken ct = default) => inner.RangeFiguresAsync(from, to, ct);
    public IAsyncEnumerable<Escalation> ResolvedBetweenAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default) =>
        inner.ResolvedBetweenAsync(from, until, ct);
    public Task<IReadOnlyList<Escalation>> ListResolvedAsync(DateTimeOffset since, int max = 10_000, CancellationToken ct = default) =>
        inner.ListResolvedAsync(since, max, ct);
    public Task<int> PurgeResolvedAsync(DateTimeOffset before, int max = 10_000, CancellationToken ct = default) =>
        inner.PurgeResolvedAsync(before, max, ct);

    public async Task<bool> ReplaceAsync(Escalation expected, Escalation next, CancellationToken ct = default)
    {
        if (!await inner.ReplaceAsync(expected, next, ct)) return false;
        await AnnounceAsync(expected, next, ct);
        return true;
    }

    private async Task AnnounceAsync(Escalation? before, Escalation after, CancellationToken ct)
    {
        foreach (var listener in Listeners) await listener.OnChangedAsync(before, after, ct);
    }
}
