using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Telemetry;
using Huduma.Contact.Core.State;
using Huduma.Contact.Sms.Keywords;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Sms;

/// <summary>An SMS a citizen sent to 1919, as a provider delivered it (its id kept for idempotency).</summary>
internal sealed record InboundSms(string Provider, string ProviderMessageId, string From, string Text);

/// <summary>What became of an inbound SMS: answered now, answered before, or being answered elsewhere right now.</summary>
internal enum SmsReceipt { Handled, AlreadyHandled, BeingHandled }

/// <param name="Reply">The reply: queued to be sent, or, when the provider takes it in its HTTP answer (Twilio's TwiML), to put there.</param>
internal sealed record SmsReceived(SmsReceipt Receipt, SmsReply? Reply = null);

/// <summary>
/// Every inbound SMS, whichever provider brought it: answered once even when the provider repeats the
/// callback, and never answered to a phone that sent STOP (except the STOP/START confirmations).
/// </summary>
/// <remarks>
/// A message is taken with a lease (sms:seen:{provider}:{id} = handling, for <see cref="HandlingLease"/>),
/// its reply worked out (the dialog: Redis only, milliseconds) and put in the durable outbound queue
/// (<see cref="ISmsQueue"/>), then it is marked done, and only then does the provider hear 200: the
/// provider is never waited for, and every host's <see cref="SmsQueueDrain"/> sends the reply. A host
/// that dies, or loses Redis, before that can't free its lease; the lease then expires, and the
/// provider's next retry is answered. A retry that meets a live lease is told to come back later (the
/// endpoints answer 503): never "handled". If the done mark itself is lost, a retry queues the same reply
/// again, under the same id (reply:{provider}:{inbound id}), and the drain sends it once.
/// </remarks>
internal sealed class SmsInbox(SmsKeywordParser parser, SmsConversation conversation, ISmsQueue queue, OptOutList optOuts, IStateStore store,
    ILogger<SmsInbox> logger, SmsQueueSignal? signal = null)
{
    // Providers retry within hours, not days.
    private static readonly TimeSpan DoneFor = TimeSpan.FromDays(2);

    /// <summary>
    /// Longer than answering takes (the dialog and the queueing: milliseconds, a few seconds with Redis
    /// failing over), so a slow host and a retry rarely both answer; short, because a lease its host could
    /// not free (Redis away) turns the provider's retries away until it ends. Should both answer, their
    /// replies share one id, and the drain sends it once.
    /// </summary>
    public TimeSpan HandlingLease { get; init; } = TimeSpan.FromSeconds(15);

    private sealed class Mark
    {
        public bool Done { get; set; }
    }

    /// <param name="replyInline">The provider takes the reply in its HTTP answer (Twilio's TwiML): return it, don't send it.</param>
    public async Task<SmsReceived> ReceiveAsync(InboundSms sms, bool replyInline = false, CancellationToken ct = default)
    {
        using var activity = HudumaActivity.StartTurn("sms receive", "sms", sms.Provider);
        var seen = $"sms:seen:{sms.Provider}:{sms.ProviderMessageId}";
        if (!await store.SetIfAbsentAsync(seen, new Mark(), HandlingLease, ct))
        {
            var done = (await store.GetAsync<Mark>(seen, ct))?.Done == true;
            logger.LogInformation("SMS {Provider} {Id} from {Phone} {State}: repeated callback not answered again",
                sms.Provider, sms.ProviderMessageId, Mask.Phone(sms.From), done ? "already handled" : "being handled");
            return new SmsReceived(done ? SmsReceipt.AlreadyHandled : SmsReceipt.BeingHandled);
        }
        SmsReply? reply;
        try
        {
            reply = await AnswerAsync(sms, replyInline, ct);
        }
        catch (Exception e)
        {
            // Not handled after all: free the lease so the provider's retry is answered. If the store is
            // what failed, this fails too, and the lease expiring does it instead.
            try { await store.DeleteAsync(seen, CancellationToken.None); }
            catch (Exception again)
            {
                logger.LogWarning(again, "SMS {Provider} {Id}: not handled ({Error}), and its lease could not be freed: a retry is answered once it expires",
                    sms.Provider, sms.ProviderMessageId, e.Message);
            }
            throw;
        }
        await store.SetAsync(seen, new Mark { Done = true }, DoneFor, ct);
        return new SmsReceived(SmsReceipt.Handled, reply);
    }

    private async Task<SmsReply?> AnswerAsync(InboundSms sms, bool replyInline, CancellationToken ct)
    {
        var reply = await conversation.HandleAsync(new SmsMessage(sms.From, sms.Text, $"{sms.Provider}:{sms.ProviderMessageId}", sms.Provider),
            parser.Parse(sms.Text), ct);
        if (reply is null) return null;
        // Replies put inline (TwiML) bypass the dispatcher, so the opt-out rule is applied here; a queued
        // reply meets it again when sent, but a phone that has sent START since must not get it either.
        if (!reply.EvenWhenOptedOut && await optOuts.IsOptedOutAsync(sms.From, ct)) return null;
        if (replyInline) return reply;
        var purpose = reply.EvenWhenOptedOut ? OutboundSms.Confirmation : "reply";
        // The reply goes after the webhook's 200, from whichever host drains it: it carries this trace along.
        await queue.EnqueueAsync(new OutboundSms(sms.From, reply.Text, purpose, ReplyId(sms), TraceParent: HudumaActivity.TraceParent()), ct);
        signal?.Notify();
        return reply;
    }

    /// <summary>The reply's outbox id: the same every time the same inbound message is answered, so a second copy is recognised.</summary>
    public static string ReplyId(InboundSms sms) => $"reply:{sms.Provider}:{sms.ProviderMessageId}";
}
