namespace Huduma.Contact.Core.Assignment;

/// <summary>Presence and offers in memory (the embedded default: one process, one lock).</summary>
public sealed class InMemoryAssignmentStore(TimeProvider clock) : IAssignmentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Status, IReadOnlyList<string> Languages)> _statuses = new();
    private readonly Dictionary<(string Agent, string Connection), DateTimeOffset> _consoles = new();
    private readonly Dictionary<string, DateTimeOffset> _lastOffered = new();
    private readonly Dictionary<string, TicketOffer> _offers = new();

    public Task SetStatusAsync(string agent, string status, IReadOnlyList<string> languages, CancellationToken ct = default)
    {
        lock (_lock) _statuses[agent] = (status, languages);
        return Task.CompletedTask;
    }

    public Task HeartbeatAsync(IReadOnlyCollection<(string Agent, string Connection)> consoles, DateTimeOffset until, CancellationToken ct = default)
    {
        lock (_lock)
            foreach (var console in consoles) _consoles[console] = until;
        return Task.CompletedTask;
    }

    public Task DisconnectedAsync(string agent, string connection, CancellationToken ct = default)
    {
        lock (_lock) _consoles.Remove((agent, connection));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AgentPresence>> AgentsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            foreach (var gone in _consoles.Where(c => c.Value <= now).Select(c => c.Key).ToList()) _consoles.Remove(gone);
            var online = _consoles.Keys.Select(c => c.Agent).ToHashSet();
            return Task.FromResult<IReadOnlyList<AgentPresence>>(_statuses.OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new AgentPresence(s.Key, s.Value.Status, s.Value.Languages, online.Contains(s.Key),
                    _lastOffered.TryGetValue(s.Key, out var at) ? at : null)).ToList());
        }
    }

    public Task<bool> OfferAsync(TicketOffer offer, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_offers.TryAdd(offer.Reference, offer)) return Task.FromResult(false);
            _lastOffered[offer.Agent] = offer.OfferedAt;
            return Task.FromResult(true);
        }
    }

    public Task<TicketOffer?> GetOfferAsync(string reference, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_offers.GetValueOrDefault(reference));
    }

    public Task<IReadOnlyList<TicketOffer>> OffersAsync(CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<TicketOffer>>(_offers.Values.OrderBy(o => o.OfferedAt).ToList());
    }

    public Task<TicketOffer?> WithdrawAsync(string reference, string? agent = null, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_offers.TryGetValue(reference, out var offer) || (agent is not null && offer.Agent != agent)) return Task.FromResult<TicketOffer?>(null);
            _offers.Remove(reference);
            return Task.FromResult<TicketOffer?>(offer);
        }
    }

    public Task<IReadOnlyList<TicketOffer>> TakeExpiredAsync(int max = 100, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var expired = _offers.Values.Where(o => o.Deadline <= now).OrderBy(o => o.Deadline).Take(max).ToList();
            foreach (var offer in expired) _offers.Remove(offer.Reference);
            return Task.FromResult<IReadOnlyList<TicketOffer>>(expired);
        }
    }
}
