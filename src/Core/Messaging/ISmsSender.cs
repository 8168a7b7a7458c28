namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// An SMS to send: a reply, a reminder or an agent's message. <paramref name="Id"/>, when given, is the
/// outbox id to record it under (a reminder names it in its claim before sending, to trace a crash);
/// <paramref name="Reference"/> says what it is about (a reminder: "national_id:12345678#0"), for reports.
/// <paramref name="TraceParent"/>: the trace it belongs to (W3C traceparent), when it is queued by a traced
/// request, so its send continues that trace (<see cref="Telemetry.HudumaActivity"/>).
/// </summary>
public sealed record OutboundSms(string To, string Text, string Purpose, string? Id = null, string? Reference = null, string? TraceParent = null)
{
    /// <summary>The confirmation of STOP or START: the only message an opted-out phone still receives.</summary>
    public const string Confirmation = "confirmation";
}

/// <summary>
/// What the provider said when given the message. <paramref name="FateUnknown"/>: not accepted as far as we
/// know, but the provider may have taken it (it was given the message and did not answer in time), so
/// sending it again may send it twice; its outbox record stays "submitting" until a delivery report says.
/// <paramref name="NeverReached"/>: the provider was never given it (no connection, its circuit breaker open).
/// </summary>
public sealed record SmsSendResult(bool Accepted, string Provider, string? ProviderMessageId = null, string? Error = null, bool FateUnknown = false,
    bool NeverReached = false);

/// <summary>
/// Sends an SMS. Core declares it; the SMS channel implements it per provider (the simulator on the
/// embedded default) and the host wires one in. Used by replies, reminders and agents alike.
/// </summary>
public interface ISmsSender
{
    Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default);

    /// <summary>
    /// Many messages at once (reminder campaigns): a sender may give a provider the recipients of the
    /// same text in one request. Results are in the order of the messages.
    /// </summary>
    async Task<IReadOnlyList<SmsSendResult>> SendManyAsync(IReadOnlyList<OutboundSms> messages, CancellationToken ct = default)
    {
        var results = new List<SmsSendResult>(messages.Count);
        foreach (var message in messages) results.Add(await SendAsync(message, ct));
        return results;
    }
}
