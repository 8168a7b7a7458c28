using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// Every outbound SMS, recorded (huduma:sms:out:{id}) and found again by the provider's message id
/// (huduma:sms:out:by-provider:{provider}:{id}) when its delivery report arrives.
/// </summary>
/// <remarks>
/// A record's status only moves forward (queued → submitting → sent → delivered or failed): a report's
/// change is a compare-and-set of the record, and the sender writes before any report can find the record,
/// so a sender's late "sent" never undoes a report's "delivered".
/// A provider may report a delivery before its answer to the send has reached us (the report is a separate
/// request, and may win the race). Such a report is kept (huduma:sms:out:early:{provider}:{id}, a day) and
/// applied when the send is recorded. The sender writes the record, then the pointer, then reads for an early
/// report; a report that finds no pointer keeps itself, then looks for the pointer again: whichever comes
/// second sees the other, so the report is applied (once: applying it again changes nothing).
/// </remarks>
public sealed class SmsOutbox(IStateStore store, TimeProvider clock, IEnumerable<ISmsDeliveryListener>? listeners = null)
{
    private readonly ISmsDeliveryListener[] _listeners = listeners?.ToArray() ?? [];

    // Long enough for late delivery reports and for reports on what reminders achieved.
    private static readonly TimeSpan Kept = TimeSpan.FromDays(30);

    private static string Key(string id) => $"sms:out:{id}";
    private static string ProviderKey(string provider, string providerMessageId) => $"sms:out:by-provider:{provider}:{providerMessageId}";
    private static string EarlyKey(string provider, string providerMessageId) => $"sms:out:early:{provider}:{providerMessageId}";
    private static string EarlyForKey(string phone) => $"sms:out:early-for:{phone}";
    // A report that came before its send was recorded, or whose sender died, comes within minutes of
    // the send; a day is ample.
    private static readonly TimeSpan EarlyKept = TimeSpan.FromDays(1);

    private sealed class Pointer
    {
        public string Id { get; set; } = "";
    }

    /// <summary>A delivery report kept until the send it reports on is recorded.</summary>
    private sealed class EarlyReport
    {
        public SmsDeliveryStatus Status { get; set; }
        public string? Error { get; set; }
    }

    /// <summary>The newest early report that named a phone: how a send whose host died finds its report.</summary>
    private sealed class EarlyFor
    {
        public string Provider { get; set; } = "";
        public string MessageId { get; set; } = "";
    }

    /// <summary>How far a message has got: a status never goes back to a lower one.</summary>
    private static int Progress(SmsDeliveryStatus status) => status switch
    {
        SmsDeliveryStatus.Queued => 0,
        SmsDeliveryStatus.Submitting => 1,
        SmsDeliveryStatus.Sent => 2,
        _ => 3, // delivered or failed: what the provider finally said
    };

    /// <summary>
    /// The error of a message another sender took over before it reached a provider (<see cref="TakeOverAsync"/>):
    /// whoever still holds it must not send it.
    /// </summary>
    public const string TakenOver = "taken over: its sender was too slow to hand it to a provider, and another sent it";

    /// <summary>
    /// Records a message before it is sent (queued). A message whose id has been fenced off by
    /// <see cref="TakeOverAsync"/> is not recorded again: the tombstone is returned, and the sender sends nothing.
    /// </summary>
    public async Task<SentSms> RecordAsync(OutboundSms message, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var sent = new SentSms
        {
            Id = message.Id ?? Guid.NewGuid().ToString("N"), To = message.To, Text = message.Text, Purpose = message.Purpose, Reference = message.Reference,
            Status = SmsDeliveryStatus.Queued, CreatedAt = now, UpdatedAt = now, IdFromSender = message.Id is not null,
        };
        if (!sent.IdFromSender)
        {
            await store.SetAsync(Key(sent.Id), sent, Kept, ct);
            return sent;
        }
        if (await store.SetIfAbsentAsync(Key(sent.Id), sent, Kept, ct)) return sent;
        // The id has a record: the same reply queued again (the queue's replies keep their id), or a tombstone.
        var stored = (await store.UpdateAsync<SentSms>(Key(sent.Id), stored => IsTakenOver(stored) ? null : sent, Kept, ct))!;
        stored.IdFromSender = true;
        return stored;
    }

    public static bool IsTakenOver(SentSms? sent) => sent is { Status: SmsDeliveryStatus.Failed, Error: TakenOver };

    /// <summary>
    /// Fences off a message whose sender seems to have stopped before handing it to a provider (its lease ran
    /// out), so that the sender, if it was only slow (waiting its turn at the fleet's rate, say), never sends
    /// it: a message not recorded or still queued becomes a tombstone (<see cref="TakenOver"/>). Returns the
    /// record as it now stands: the tombstone, or the record of a message that reached a provider meanwhile.
    /// </summary>
    public async Task<SentSms> TakeOverAsync(string id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return (await store.UpdateAsync<SentSms>(Key(id), stored =>
        {
            if (stored is not null && stored.Status != SmsDeliveryStatus.Queued) return null; // it moved on: its fate decides
            var tombstone = stored ?? new SentSms { Id = id, To = "", Text = "", CreatedAt = now };
            tombstone.Status = SmsDeliveryStatus.Failed;
            tombstone.Error = TakenOver;
            tombstone.UpdatedAt = now;
            return tombstone;
        }, Kept, ct))!;
    }

    /// <summary>
    /// The sender's news of a message (taken by a provider, or failed), with any report that came before
    /// the provider's id was known then applied.
    /// </summary>
    /// <remarks>
    /// Record first, pointer second: a report finds a record only through its pointer, so every report
    /// applied to it comes after this write, and none is overwritten by it. Then the early report is read:
    /// each step awaits the last, because on a cluster the keys live on different nodes.
    /// </remarks>
    public async Task SaveAsync(SentSms sent, CancellationToken ct = default)
    {
        sent.UpdatedAt = clock.GetUtcNow();
        await store.SetAsync(Key(sent.Id), sent, Kept, ct);
        if (sent is not { Provider: { } provider, ProviderMessageId: { } pmid }) return;
        await store.SetAsync(ProviderKey(provider, pmid), new Pointer { Id = sent.Id }, Kept, ct);
        if (await store.GetAsync<EarlyReport>(EarlyKey(provider, pmid), ct) is { } early)
        {
            var applied = await ApplyEarlyAsync(sent.Id, provider, pmid, early, ct);
            sent.Status = applied?.Status ?? sent.Status;
        }
    }

    /// <summary>
    /// Marks messages as being handed to a provider, just before the call: if the host dies before the
    /// provider answers, their fate is unknown until a delivery report for their phone turns up
    /// (<see cref="FateOfAsync"/>). A message another sender has taken over meanwhile (<see cref="TakeOverAsync"/>)
    /// stays fenced off: the write returns what it replaced, and a tombstone is put back. Returns the ids of
    /// those, which must not be sent. (One round trip a message, as a plain write: it lies between the fleet's
    /// rate permit and the send, and what the provider sees must keep to the rate.)
    /// </summary>
    public async Task<IReadOnlySet<string>> SubmittingAsync(IEnumerable<SentSms> messages, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var writes = messages.Select(async sent =>
        {
            sent.Status = SmsDeliveryStatus.Submitting;
            sent.UpdatedAt = now;
            if (!sent.IdFromSender)
            {
                await store.SetAsync(Key(sent.Id), sent, Kept, ct); // nobody else knows its id: nobody can have taken it over
                return null;
            }
            var replaced = await store.SwapAsync(Key(sent.Id), sent, Kept, ct);
            if (!IsTakenOver(replaced)) return null;
            // Nobody reads a taken-over message's record in between: its reminder now names the other sender's.
            await store.SetAsync(Key(sent.Id), replaced!, Kept, ct);
            return sent.Id;
        }).ToList();
        return (await Task.WhenAll(writes)).OfType<string>().ToHashSet();
    }

    public Task<SentSms?> GetAsync(string id, CancellationToken ct = default) => store.GetAsync<SentSms>(Key(id), ct);

    public async Task<SentSms?> FindByProviderIdAsync(string provider, string providerMessageId, CancellationToken ct = default) =>
        await store.GetAsync<Pointer>(ProviderKey(provider, providerMessageId), ct) is { } p ? await GetAsync(p.Id, ct) : null;

    /// <summary>
    /// A delivery report: the status moves on, never back (a late "sent" never undoes "delivered").
    /// Null when no recorded send has the provider's id (yet): the report is then kept for a day, and
    /// applied when the send is recorded, or when <see cref="FateOfAsync"/> looks at a send to
    /// <paramref name="phone"/> whose host died before the provider's answer.
    /// </summary>
    public async Task<SentSms?> ReportAsync(string provider, string providerMessageId, SmsDeliveryStatus status, string? error,
        CancellationToken ct = default, string? phone = null)
    {
        if (await store.GetAsync<Pointer>(ProviderKey(provider, providerMessageId), ct) is { } pointer)
            return await ApplyAsync(pointer.Id, provider, providerMessageId, status, error, ct);

        var early = await store.UpdateAsync<EarlyReport>(EarlyKey(provider, providerMessageId),
            kept => kept is not null && Progress(kept.Status) > Progress(status) ? null : new EarlyReport { Status = status, Error = error }, EarlyKept, ct);
        if (phone is not null)
            await store.SetAsync(EarlyForKey(phone), new EarlyFor { Provider = provider, MessageId = providerMessageId }, EarlyKept, ct);
        // The send may have been recorded meanwhile, without seeing this report: apply it now.
        if (await store.GetAsync<Pointer>(ProviderKey(provider, providerMessageId), ct) is { } late)
            return await ApplyEarlyAsync(late.Id, provider, providerMessageId, early!, ct);
        return null;
    }

    /// <summary>
    /// What became of a message, for settling a send whose host stopped: a message left "submitting" takes
    /// the report kept for its phone, if one came (its provider had it, and now we know its id).
    /// </summary>
    public async Task<SentSms?> FateOfAsync(string id, CancellationToken ct = default)
    {
        var sent = await GetAsync(id, ct);
        if (sent is not { Status: SmsDeliveryStatus.Submitting, ProviderMessageId: null }
            || await store.GetAsync<EarlyFor>(EarlyForKey(sent.To), ct) is not { } named
            || await store.GetAsync<EarlyReport>(EarlyKey(named.Provider, named.MessageId), ct) is not { } early)
            return sent;
        // Taken only if no other send has claimed that id meanwhile.
        if (!await store.SetIfAbsentAsync(ProviderKey(named.Provider, named.MessageId), new Pointer { Id = sent.Id }, Kept, ct)) return sent;
        await store.DeleteAsync(EarlyForKey(sent.To), ct);
        return await ApplyEarlyAsync(sent.Id, named.Provider, named.MessageId, early, ct);
    }

    private async Task<SentSms?> ApplyEarlyAsync(string id, string provider, string providerMessageId, EarlyReport early, CancellationToken ct)
    {
        var applied = await ApplyAsync(id, provider, providerMessageId, early.Status, early.Error, ct);
        await store.DeleteAsync(EarlyKey(provider, providerMessageId), ct);
        return applied;
    }

    /// <summary>Moves a record's status on (never back), and tells the listeners when it changed.</summary>
    private async Task<SentSms?> ApplyAsync(string id, string provider, string providerMessageId, SmsDeliveryStatus status, string? error,
        CancellationToken ct)
    {
        var before = status;
        var now = clock.GetUtcNow();
        var updated = await store.UpdateAsync<SentSms>(Key(id), stored =>
        {
            if (stored is null) return null;
            before = stored.Status;
            if (Progress(status) < Progress(stored.Status) || (status == stored.Status && (error is null || error == stored.Error))) return null;
            stored.Status = status;
            stored.Error = error ?? stored.Error;
            stored.Provider ??= provider;
            stored.ProviderMessageId ??= providerMessageId;
            stored.UpdatedAt = now;
            return stored;
        }, Kept, ct);
        if (updated is not null && before != updated.Status)
            foreach (var listener in _listeners) await listener.OnDeliveryReportAsync(updated, ct);
        return updated;
    }
}

/// <summary>Told when a delivery report changes an outbound message's status (campaign reports count deliveries).</summary>
public interface ISmsDeliveryListener
{
    Task OnDeliveryReportAsync(SentSms sent, CancellationToken ct);
}
