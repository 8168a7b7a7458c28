using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Sms;

/// <summary>
/// What each SMS provider does with what it is given: huduma_sms_sent_total (it took the message),
/// huduma_sms_failed_total {reason} (it did not, or its delivery report said so), huduma_sms_delivered_total,
/// and huduma_sms_provider_duration_seconds (each call to it). Counted per provider and attempt: a message the
/// primary refused and the secondary took counts failed at one and sent at the other. Sends are recorded by
/// <see cref="SmsDispatcher"/>, reports here, as the outbox tells its listeners of each status a report changes.
/// </summary>
internal sealed class SmsMetrics : ISmsDeliveryListener
{
    /// <summary>The provider answered that it would not take the message (after its retries).</summary>
    public const string Rejected = "rejected";
    /// <summary>The provider took it, and its delivery report said it failed.</summary>
    public const string Undelivered = "undelivered";
    /// <summary>The request never reached the provider: no connection, its circuit breaker open, the fleet's rate queue full.</summary>
    public const string Unreachable = "unreachable";
    /// <summary>No usable answer (a time-out, an unreadable body): the provider may have taken it.</summary>
    public const string Error = "error";

    public const string Accepted = "accepted", Refused = "refused", Unknown = "unknown";

    private readonly Counter<long> _sent, _delivered, _failed;
    private readonly Histogram<double> _duration;

    public SmsMetrics(IMeterFactory meters)
    {
        var meter = HudumaMeter.Of(meters);
        _sent = meter.CreateCounter<long>("huduma.sms.sent", description: "SMS a provider accepted");
        _delivered = meter.CreateCounter<long>("huduma.sms.delivered", description: "SMS a provider's delivery report said were delivered");
        _failed = meter.CreateCounter<long>("huduma.sms.failed", description: "SMS a provider did not take or could not deliver, by reason");
        _duration = meter.CreateHistogram("huduma.sms.provider.duration", "s", "Calls to an SMS provider's API (one a bulk request), by outcome",
            advice: HudumaMeter.Seconds);
    }

    public void Sent(string provider) => _sent.Add(1, Provider(provider));

    public void Failed(string provider, string reason) => _failed.Add(1, Provider(provider), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Why a provider did not take a message, from what its attempt came back with.</summary>
    public static string ReasonOf(SmsSendResult result) => result.NeverReached ? Unreachable : result.FateUnknown ? Error : Rejected;

    /// <summary>One call to a provider, and how it went (<see cref="OutcomeOf(SmsSendResult)"/>).</summary>
    public void Called(string provider, TimeSpan took, string outcome) =>
        _duration.Record(took.TotalSeconds, Provider(provider), new KeyValuePair<string, object?>("outcome", outcome));

    public static string OutcomeOf(SmsSendResult result) => result.Accepted ? Accepted : result.FateUnknown ? Unknown : Refused;

    /// <summary>A bulk request: accepted if the provider took any of its messages, unknown if it may have, else refused.</summary>
    public static string OutcomeOf(IReadOnlyList<SmsSendResult> results)
    {
        var outcome = Refused;
        foreach (var result in results)
        {
            if (result.Accepted) return Accepted;
            if (result.FateUnknown) outcome = Unknown;
        }
        return outcome;
    }

    public Task OnDeliveryReportAsync(SentSms sent, CancellationToken ct)
    {
        var provider = sent.Provider ?? "none";
        if (sent.Status == SmsDeliveryStatus.Delivered) _delivered.Add(1, Provider(provider));
        else if (sent.Status == SmsDeliveryStatus.Failed) Failed(provider, Undelivered);
        return Task.CompletedTask;
    }

    private static KeyValuePair<string, object?> Provider(string provider) => new("provider", provider);
}
