using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Register;

namespace Huduma.Contact.Core.Conversations;

/// <summary>
/// A status asked in one message (SMS's "ID 12345678", a question in words), outside the menus: the number
/// checked against its document type, then <see cref="StatusLookup"/>'s privacy rule. When the rule asks a
/// stranger's phone for the waiting-card reference, the document is kept on the session, so the reply with
/// the reference alone answers it; any other lookup, or opening a menu, forgets it.
/// </summary>
public sealed class MessageStatus
{
    private readonly ContentBundle _content;
    private readonly StatusLookup _lookup;

    internal MessageStatus(ContentBundle content, StatusLookup lookup)
    {
        _content = content;
        _lookup = lookup;
    }

    /// <summary>What came of it: <see cref="Lookup"/> is null when the number is not one of the document type's.</summary>
    public sealed record Outcome(string DocumentType, string Number, StatusLookupResult? Lookup)
    {
        public bool NumberRejected => Lookup is null;
    }

    public async Task<Outcome> LookUpAsync(IAwaitsReference session, string channel, string msisdn, string type, string number, string? reference,
        Language language, CancellationToken ct = default)
    {
        if (InputKinds.Accept(InputKinds.DocumentNumber, number, _content.Document(type)) is not (string accepted, null))
            return new Outcome(type, number, null);

        Forget(session);
        var result = await _lookup.LookUpAsync(channel, msisdn, msisdn, type, accepted, reference, language, ct);
        if (result is StatusLookupResult.NeedReference)
        {
            session.AwaitingType = type;
            session.AwaitingNumber = accepted;
        }
        return new Outcome(type, accepted, result);
    }

    /// <summary>The kept lookup again with <paramref name="text"/> as its reference; null when nothing is kept or the text is no reference.</summary>
    public async Task<Outcome?> AnswerAwaitedAsync(IAwaitsReference session, string channel, string msisdn, string text, Language language,
        CancellationToken ct = default) =>
        session.AwaitingType is { } type && InputKinds.Accept(InputKinds.Reference, text.Trim(), null) is (string reference, null)
            ? await LookUpAsync(session, channel, msisdn, type, session.AwaitingNumber ?? "", reference, language, ct)
            : null;

    public static void Forget(IAwaitsReference session)
    {
        session.AwaitingType = null;
        session.AwaitingNumber = null;
    }
}
