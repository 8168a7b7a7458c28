namespace Huduma.Contact.Sms;

/// <summary>How every host drains the outbound SMS queue (configuration section "Sms:Queue", see DESIGN.md).</summary>
public sealed class SmsQueueOptions
{
    /// <summary>
    /// An entry no host has settled for this long is taken by whichever host looks next: its host died, or
    /// its send was refused and is tried again. Also how often a refused reply is tried again.
    /// </summary>
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// While one host sends a reply no other may (huduma:sms:queue:sending:{id}). Longer than a send takes,
    /// provider retries and failover included (about 40 s at worst); a host that dies mid-send holds its replies this long.
    /// </summary>
    public TimeSpan SendingLease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>
    /// A reply whose fate is unknown (its host died, or the provider timed out, while the provider had it)
    /// waits this long for a delivery report; with none, it did not go, and is sent again.
    /// </summary>
    public TimeSpan UnknownWait { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>A reply the providers keep refusing is dropped (and logged) this long after it was queued.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How often an idle host looks for replies other hosts queued (its own wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Replies one host sends at once.</summary>
    public int Parallelism { get; set; } = 16;

    public bool IsValid() =>
        ClaimAfter > TimeSpan.Zero && SendingLease > TimeSpan.Zero && UnknownWait >= TimeSpan.Zero && GiveUpAfter > TimeSpan.Zero
        && PollInterval > TimeSpan.Zero && PollInterval <= TimeSpan.FromMinutes(1) && Parallelism is >= 1 and <= 1000;
}
