namespace Huduma.Contact.Sms;

/// <summary>
/// Wakes this host's drain when this host queues a reply, so the reply goes out at once rather than at
/// the next poll. Replies queued by other hosts are found by polling (reads never block on Redis).
/// </summary>
internal sealed class SmsQueueSignal
{
    private readonly SemaphoreSlim _queued = new(0, 1);

    public void Notify()
    {
        try { _queued.Release(); }
        catch (SemaphoreFullException) { } // already awake
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _queued.WaitAsync(timeout, ct);
}
