using System.Threading.RateLimiting;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Sms;

/// <summary>
/// A provider's send rate shared by every host: the slots of each second are counted in the state store
/// (Redis in production), so N hosts together give the provider no more than the rate, not N times it.
/// </summary>
/// <remarks>
/// A second is cut into up to 20 slots, each allowed its share of the rate; a sender whose slot is full
/// waits for the next one. Any one-second stretch then overlaps at most 21 slots: the provider sees at
/// most the rate plus one slot's share (5%, rounded up) however the seconds are cut. A sender costs one
/// counter increment a try.
/// </remarks>
internal sealed class FleetSendRate : RateLimiter
{
    private const int MaxSlotsPerSecond = 20;
    private readonly IStateStore _store;
    private readonly string _provider;
    private readonly TimeProvider _clock;
    private readonly int _perSecond;
    private readonly int _slots;
    private readonly long _slotMs;

    public FleetSendRate(IStateStore store, string provider, int perSecond, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        (_store, _provider, _clock) = (store, provider, clock);
        _perSecond = perSecond;
        _slots = Math.Min(MaxSlotsPerSecond, perSecond);
        _slotMs = 1000 / _slots;
    }

    public override TimeSpan? IdleDuration => null;
    public override RateLimiterStatistics? GetStatistics() => null;

    // Never granted without asking the store: the dispatcher only awaits.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Refused;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct)
    {
        while (true)
        {
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            var slot = now / _slotMs;
            if (await _store.IncrementAsync($"sms:rate:{_provider}:{slot}", TimeSpan.FromSeconds(5), ct) <= Share(slot)) return Lease.Granted;
            await Task.Delay(TimeSpan.FromMilliseconds((slot + 1) * _slotMs - now), _clock, ct);
        }
    }

    // The slots of a second share its rate whole: 50 a second in 20 slots is 2, 3, 2, 3…
    private long Share(long slot)
    {
        var k = slot % _slots;
        return (k + 1) * _perSecond / _slots - k * _perSecond / _slots;
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true), Refused = new(false);
        public override bool IsAcquired => acquired;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
