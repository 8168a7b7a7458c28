using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// The rating asked for after an agent resolved a citizen's ticket (<see cref="Messaging.SmsRatingRequest"/>):
/// for two days, a digit from 1 to 5 from that phone on that channel is the rating, not a menu choice or a
/// question. Taken once: the ask is forgotten when the ticket records it. Chat, which has no phone, asks it by
/// the conversation's id, and reads only the first message after the agent closed the chat as the rating.
/// </summary>
public sealed class RatingReplies(IStateStore store, EscalationDesk desk)
{
    /// <summary>Stored as {"reference": "..."}, under rate:{channel}:{msisdn} (SMS stored it so before).</summary>
    public sealed class Asked { public string Reference { get; set; } = ""; }

    public static readonly TimeSpan Window = TimeSpan.FromDays(2);

    public static string Key(string channel, string msisdn) => $"rate:{channel}:{msisdn}";

    /// <summary>Remembers that the phone was asked to rate the ticket <paramref name="reference"/>.</summary>
    public Task AskAsync(string channel, string msisdn, string reference, CancellationToken ct = default) =>
        store.SetAsync(Key(channel, msisdn), new Asked { Reference = reference }, Window, ct);

    /// <summary>True when <paramref name="text"/> was the rating asked for, now recorded on its ticket.</summary>
    public async Task<bool> TryRateAsync(string channel, string msisdn, string text, CancellationToken ct = default)
    {
        if (!int.TryParse(text.Trim(), out var rating) || rating is < 1 or > 5) return false;
        var key = Key(channel, msisdn);
        if (await store.GetAsync<Asked>(key, ct) is not { } asked || !(await desk.RateAsync(asked.Reference, rating, ct)).Succeeded) return false;
        await store.DeleteAsync(key, ct);
        return true;
    }
}
