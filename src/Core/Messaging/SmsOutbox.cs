using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// Every outbound SMS, recorded (huduma:sms:out:{id}) and found again by the provider's message id
/// (huduma:sms:out:by-provider:{provider}:{id}) when its delivery report arrives.
/// </summary>
public sealed class SmsOutbox(IStateStore store, TimeProvider clock, IEnumerable<ISmsDeliveryListener>? listeners = null)
{
    private readonly ISmsDeliveryListener[] _listeners = listeners?.ToArray() ?? [];

    // Long enough for late delivery reports and for reports on what reminders achieved.
    private static readonly TimeSpan Kept = TimeSpan.FromDays(30);

    private static string Key(string id) => $"sms:out:{id}";
    private static string ProviderKey(string provider, string providerMessageId) => $"sms:out:by-provider:{provider}:{providerMessageId}";
    private static string SubmittingKey(string phone) => $"sms:out:submitting:{phone}";
    // A delivery report for a message whose sender died comes within minutes; a day is ample.
    private static readonly TimeSpan SubmittingKept = TimeSpan.FromDays(1);

    private sealed class Pointer
    {
        public string Id { get; set; } = "";
    }

    public async Task<SentSms> RecordAsync(OutboundSms message, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var sent = new SentSms
        {
            Id = message.Id ?? Guid.NewGuid().ToString("N"), To = message.To, Text = message.Text, Purpose = message.Purpose, Reference = message.Reference,
            Status = SmsDeliveryStatus.Queued, CreatedAt = now, UpdatedAt = now,
        };
        await store.SetAsync(Key(sent.Id), sent, Kept, ct);
        return sent;
    }

    public async Task SaveAsync(SentSms sent, CancellationToken ct = default)
    {
        sent.UpdatedAt = clock.GetUtcNow();
        var writes = new List<Task> { store.SetAsync(Key(sent.Id), sent, Kept, ct) };
        if (sent is { Provider: { } provider, ProviderMessageId: { } pmid })
            writes.Add(store.SetAsync(ProviderKey(provider, pmid), new Pointer { Id = sent.Id }, Kept, ct));
        await Task.WhenAll(writes);
    }

    /// <summary>
    /// Marks messages as being handed to a provider, just before the call, and remembers each by phone:
    /// if the host dies before the provider answers, the provider's delivery report (which names the
    /// phone) is how the message is found again.
    /// </summary>
    public async Task SubmittingAsync(IEnumerable<SentSms> messages, CancellationToken ct = default)
    {
        var writes = new List<Task>();
        foreach (var sent in messages)
        {
            sent.Status = SmsDeliveryStatus.Submitting;
            sent.UpdatedAt = clock.GetUtcNow();
            writes.Add(store.SetAsync(Key(sent.Id), sent, Kept, ct));
            writes.Add(store.SetAsync(SubmittingKey(sent.To), new Pointer { Id = sent.Id }, SubmittingKept, ct));
        }
        await Task.WhenAll(writes);
    }

    public Task<SentSms?> GetAsync(string id, CancellationToken ct = default) => store.GetAsync<SentSms>(Key(id), ct);

    public async Task<SentSms?> FindByProviderIdAsync(string provider, string providerMessageId, CancellationToken ct = default) =>
        await store.GetAsync<Pointer>(ProviderKey(provider, providerMessageId), ct) is { } p ? await GetAsync(p.Id, ct) : null;

    /// <summary>A delivery report: the status moves on (a late "sent" never undoes "delivered").</summary>
    /// <remarks>
    /// A report for an id we never recorded is matched by <paramref name="phone"/> to a message left
    /// "submitting" by a host that died before the provider's answer: it went, and now we know its id.
    /// </remarks>
    public async Task<SentSms?> ReportAsync(string provider, string providerMessageId, SmsDeliveryStatus status, string? error,
        CancellationToken ct = default, string? phone = null)
    {
        var sent = await FindByProviderIdAsync(provider, providerMessageId, ct);
        if (sent is null && phone is not null && await store.GetAsync<Pointer>(SubmittingKey(phone), ct) is { } p
            && await GetAsync(p.Id, ct) is { Status: SmsDeliveryStatus.Submitting } orphan && orphan.To == phone)
        {
            orphan.Provider = provider;
            orphan.ProviderMessageId = providerMessageId;
            orphan.Status = SmsDeliveryStatus.Sent;
            sent = orphan;
        }
        if (sent is null) return null;
        if (sent.Status is SmsDeliveryStatus.Delivered or SmsDeliveryStatus.Failed && status == SmsDeliveryStatus.Sent) return sent;
        var before = sent.Status;
        sent.Status = status;
        sent.Error = error ?? sent.Error;
        await SaveAsync(sent, ct);
        if (before != status) foreach (var listener in _listeners) await listener.OnDeliveryReportAsync(sent, ct);
        return sent;
    }
}

/// <summary>Told when a delivery report changes an outbound message's status (campaign reports count deliveries).</summary>
public interface ISmsDeliveryListener
{
    Task OnDeliveryReportAsync(SentSms sent, CancellationToken ct);
}
