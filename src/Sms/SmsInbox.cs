using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms.Keywords;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Sms;

/// <summary>An SMS a citizen sent to 1919, as a provider delivered it (its id kept for idempotency).</summary>
public sealed record InboundSms(string Provider, string ProviderMessageId, string From, string Text);

/// <summary>
/// Every inbound SMS, whichever provider brought it: answered once even when the provider repeats the
/// callback, and never answered to a phone that sent STOP (except the STOP/START confirmations).
/// </summary>
public sealed class SmsInbox(SmsKeywordParser parser, SmsConversation conversation, ISmsSender sender, OptOutList optOuts, IStateStore store,
    ILogger<SmsInbox> logger)
{
    // Providers retry within hours, not days.
    private static readonly TimeSpan SeenFor = TimeSpan.FromDays(2);

    /// <param name="replyInline">The provider takes the reply in its HTTP answer (Twilio's TwiML): return it, don't send it.</param>
    public async Task<SmsReply?> ReceiveAsync(InboundSms sms, bool replyInline = false, CancellationToken ct = default)
    {
        var seen = $"sms:seen:{sms.Provider}:{sms.ProviderMessageId}";
        if (await store.IncrementAsync(seen, SeenFor, ct) > 1)
        {
            logger.LogInformation("SMS {Provider} {Id} from {Phone} already handled: repeated callback ignored",
                sms.Provider, sms.ProviderMessageId, Mask.Phone(sms.From));
            return null;
        }
        try
        {
            var reply = await conversation.HandleAsync(new SmsMessage(sms.From, sms.Text, $"{sms.Provider}:{sms.ProviderMessageId}"),
                parser.Parse(sms.Text), ct);
            if (reply is null) return null;
            // Replies put inline (TwiML) bypass the dispatcher, so the opt-out rule is applied here too.
            if (replyInline && !reply.EvenWhenOptedOut && await optOuts.IsOptedOutAsync(sms.From, ct)) return null;
            if (replyInline) return reply;
            var purpose = reply.EvenWhenOptedOut ? OutboundSms.Confirmation : "reply";
            var sent = await sender.SendAsync(new OutboundSms(sms.From, reply.Text, purpose), ct);
            if (!sent.Accepted)
                logger.LogWarning("SMS reply to {Phone} refused by {Provider}: {Error}", Mask.Phone(sms.From), sent.Provider, sent.Error);
            return reply;
        }
        catch
        {
            // Not handled after all: let the provider's retry be handled instead of ignored.
            await store.DeleteAsync(seen, CancellationToken.None);
            throw;
        }
    }
}
