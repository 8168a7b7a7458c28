using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// Phones that sent STOP (huduma:optout:{msisdn}): they receive no reminders or bulk messages, only the
/// confirmations of STOP and START. Kept until START: consent is not something to expire.
/// </summary>
public sealed class OptOutList(IStateStore store, TimeProvider clock)
{
    private sealed class OptOut
    {
        public DateTimeOffset Since { get; set; }
    }

    private static string Key(string msisdn) => $"optout:{msisdn}";

    public async Task<bool> IsOptedOutAsync(string msisdn, CancellationToken ct = default) =>
        await store.GetAsync<OptOut>(Key(msisdn), ct) is not null;

    public Task OptOutAsync(string msisdn, CancellationToken ct = default) =>
        store.SetAsync(Key(msisdn), new OptOut { Since = clock.GetUtcNow() }, null, ct);

    public Task OptInAsync(string msisdn, CancellationToken ct = default) => store.DeleteAsync(Key(msisdn), ct);
}
