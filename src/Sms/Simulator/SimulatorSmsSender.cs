using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Sms.Simulator;

/// <summary>A message as the simulator's SMS inbox shows it.</summary>
public sealed class SimulatedSms
{
    public string Id { get; set; } = "";
    public string To { get; set; } = "";
    public string Text { get; set; } = "";
    public string Purpose { get; set; } = "";
    public int Segments { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>
/// The embedded default's SMS provider: nothing leaves the machine; messages land in a capped list
/// (huduma:sms:simulator:outbox) that /simulator shows as the phone's inbox.
/// </summary>
public sealed class SimulatorSmsSender(IStateStore store, TimeProvider clock) : ISmsProvider
{
    public const string Provider = "simulator";
    public string Name => Provider;
    public const string OutboxKey = "sms:simulator:outbox";
    private const int Kept = 1000;

    public async Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default)
    {
        var id = "SIM" + Guid.NewGuid().ToString("N")[..12];
        await store.AppendAsync(OutboxKey, new SimulatedSms
        {
            Id = id, To = message.To, Text = message.Text, Purpose = message.Purpose,
            Segments = SmsSize.Of(message.Text).Segments, SentAt = clock.GetUtcNow(),
        }, Kept, ct);
        return new SmsSendResult(true, Provider, id);
    }

    /// <summary>The newest messages sent to one phone, newest first.</summary>
    public async Task<IReadOnlyList<SimulatedSms>> InboxAsync(string to, int count, CancellationToken ct = default) =>
        (await store.RecentAsync<SimulatedSms>(OutboxKey, Kept, ct)).Where(m => m.To == to).Take(count).ToList();
}
