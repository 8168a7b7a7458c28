using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Register;

namespace Huduma.Contact.Core.Actions;

/// <summary>
/// status-lookup: what is the state of my document? The privacy rule (DESIGN.md): full detail only when
/// the network-verified phone is on record for the document, or the citizen proves it with the
/// reference on their waiting card. Anyone else is asked for that reference, in the same words whether
/// or not the document exists, so the answer never confirms that a stranger's number is registered.
/// Answers and reference checks are rate-limited per asker and per document number.
/// </summary>
public sealed class StatusLookupAction(IDocumentRegister register, LookupRateLimit rateLimit, ContentBundle content) : IDialogAction
{
    public const string ReferenceNode = "status.reference";
    public string Name => "status-lookup";
    public IReadOnlyList<string> Targets => [ReferenceNode];

    public async Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken ct)
    {
        var language = context.Language;
        var type = context.Var("documentType") ?? "";
        var number = context.Var("documentNumber") ?? "";
        var fromReference = context.State.Node == ReferenceNode;
        var reference = fromReference ? context.Var("reference") : null;
        if (fromReference) context.State.Vars.Remove("reference");

        var asker = context.Turn.Msisdn ?? $"{context.Turn.Channel}:{context.Turn.ConversationId}";
        var documentKey = RegisteredDocument.DocumentKey(type, number);
        // A lookup is counted when its answer can tell something: a holder's own answer, or a check of a
        // waiting-card reference (the guessable part). Asking for the reference reveals nothing and is not
        // counted. When a reference is given, the count and the read go out together.
        var allowed = reference is null ? null : rateLimit.AllowAsync(asker, documentKey, ct);
        var document = await register.FindAsync(type, number, ct);
        var phoneOnRecord = document is not null && context.Turn.Msisdn is { } msisdn && document.Phones.Contains(msisdn);
        if (!phoneOnRecord && reference is null) return new ActionOutcome.GoTo(ReferenceNode);

        if (!await (allowed ?? rateLimit.AllowAsync(asker, documentKey, ct)))
            return Show(content.Prompt(PromptKeys.StatusRateLimited, language));
        if (phoneOnRecord) return Show(StatusAnswer.Describe(content, document!, language));
        if (document is not null && string.Equals(document.WaitingCardRef, reference, StringComparison.OrdinalIgnoreCase))
            return Show(StatusAnswer.Describe(content, document, language));
        return Show(content.Prompt(PromptKeys.StatusReferenceMismatch, language));
    }

    private static ActionOutcome Show(params string[] lines) => new ActionOutcome.Show(lines);
}
