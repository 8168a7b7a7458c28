using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Messaging;

/// <summary>
/// When an agent resolves a ticket a citizen opened by SMS, an SMS asks them to rate the help with a
/// digit from 1 to 5; <see cref="RatingReplies"/> takes the reply (within two days) and records it on
/// the ticket. Like every message but STOP's own confirmation, not sent to a phone that sent STOP.
/// </summary>
public sealed class SmsRatingRequest(ISmsSender sms, RatingReplies ratings, ContentBundle content) : IEscalationListener
{
    public async Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct)
    {
        if (before?.Status != EscalationStatus.Claimed || after.Status != EscalationStatus.Resolved) return;
        if (after.Channel != SmsSession.Channel || after.Msisdn is not { } phone) return;
        await ratings.AskAsync(SmsSession.Channel, phone, after.Reference, ct);
        var language = Languages.Parse(after.Language) ?? Language.En;
        await sms.SendAsync(new OutboundSms(phone, content.Prompt(PromptKeys.SmsRateAsk, language, ("reference", after.Reference)),
            "rating", Reference: after.Reference), ct);
    }
}
