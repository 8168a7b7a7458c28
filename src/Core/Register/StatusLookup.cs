using Huduma.Contact.Core.Actions;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Core.Register;

/// <summary>What a status lookup may tell the one who asked.</summary>
public abstract record StatusLookupResult
{
    /// <summary>The full answer: the asker is the holder (phone on record or the right reference).</summary>
    public sealed record Answer(string[] Lines) : StatusLookupResult;
    /// <summary>Not the phone on record: ask for the waiting-card reference (said the same whether or not the document exists).</summary>
    public sealed record NeedReference : StatusLookupResult;
    public sealed record ReferenceMismatch : StatusLookupResult;
    public sealed record RateLimited : StatusLookupResult;
}

/// <summary>
/// The privacy rule of DESIGN.md for every channel: full detail only when the network-verified phone is
/// on record for the document, or the citizen proves it with the reference on their waiting card. Anyone
/// else is asked for that reference, in the same words whether or not the document exists, so the answer
/// never confirms that a stranger's number is registered. A lookup is counted when its answer can tell
/// something: a holder's own answer (per asker), or a check of a reference, the guessable part (per asker
/// and per document). Asking for the reference reveals nothing and is not counted.
/// Every lookup of every channel ends here, so its outcome is recorded here (<see cref="DialogOutcomes"/>): what
/// the register holds decides it, though the asker is told only what the rule above allows.
/// </summary>
internal sealed class StatusLookup(IDocumentRegister register, LookupRateLimit rateLimit, ContentBundle content, DialogOutcomes? outcomes = null)
{
    /// <param name="channel">Where the lookup came from (ussd, sms, voice, chat), for the outcome's count.</param>
    /// <param name="asker">Who is counted: the phone, or the conversation on the anonymous web.</param>
    /// <param name="msisdn">The network-verified phone, if the channel has one.</param>
    public async Task<StatusLookupResult> LookUpAsync(string channel, string asker, string? msisdn, string type, string number, string? reference,
        Language language, CancellationToken ct = default)
    {
        var documentKey = RegisteredDocument.DocumentKey(type, number);
        // When a reference is given, the count and the read go out together.
        var guess = reference is null ? null : rateLimit.CountGuessAsync(asker, documentKey, ct);
        var document = await register.FindAsync(type, number, ct);
        var phoneOnRecord = document is not null && msisdn is not null && document.Phones.Contains(msisdn);
        // Not found and refused are told apart here only: the asker hears the same words for both.
        var notShown = document is null ? DialogOutcomes.StatusNotFound : DialogOutcomes.StatusRefused;
        if (!phoneOnRecord && reference is null) return Counted(channel, new StatusLookupResult.NeedReference(), notShown);

        // The phone on record is refused only by its own per-phone count, never by the document's
        // count of strangers' guesses (else sixteen strangers could lock a holder out for an hour).
        var allowed = phoneOnRecord
            ? guess is null ? await rateLimit.CountHolderAsync(asker, ct) : (await guess).Asker
            : (await guess!).Both;
        if (!allowed) return Counted(channel, new StatusLookupResult.RateLimited(), DialogOutcomes.StatusRefused);
        if (phoneOnRecord) return Counted(channel, new StatusLookupResult.Answer(StatusAnswer.Describe(content, document!, language)), DialogOutcomes.StatusFound);
        if (document is not null && ReferenceMatches(document.WaitingCardRef, reference!))
            return Counted(channel, new StatusLookupResult.Answer(StatusAnswer.Describe(content, document, language)), DialogOutcomes.StatusFound);
        return Counted(channel, new StatusLookupResult.ReferenceMismatch(), notShown);
    }

    private StatusLookupResult Counted(string channel, StatusLookupResult result, string outcome)
    {
        outcomes?.Record(channel, outcome);
        return result;
    }

    /// <summary>
    /// The waiting card's reference as typed: in full ("WC100001"), or — on a phone keypad, which has no
    /// letters — its digits alone ("100001") when the letters are only a prefix. The digits are all the
    /// secret there is: every card shares the prefix.
    /// </summary>
    public static bool ReferenceMatches(string? stored, string given)
    {
        if (string.IsNullOrEmpty(stored)) return false;
        if (string.Equals(stored, given, StringComparison.OrdinalIgnoreCase)) return true;
        var digits = new string(stored.SkipWhile(char.IsAsciiLetter).ToArray());
        return given.Length >= 4 && given.All(char.IsAsciiDigit) && digits.All(char.IsAsciiDigit) && digits == given;
    }
}
