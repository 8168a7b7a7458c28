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
        // The count and the read go out together; a refused lookup never shows what was read.
        var allowed = rateLimit.AllowAsync(asker, RegisteredDocument.DocumentKey(type, number), ct);
        var found = register.FindAsync(type, number, ct);
        if (!await allowed) return Show(content.Prompt(PromptKeys.StatusRateLimited, language));
        var document = await found;
        var phoneOnRecord = document is not null && context.Turn.Msisdn is { } msisdn && document.Phones.Contains(msisdn);
        if (phoneOnRecord) return Show(StatusAnswer.Describe(content, document!, language));

        if (reference is null) return new ActionOutcome.GoTo(ReferenceNode);
        if (document is not null && string.Equals(document.WaitingCardRef, reference, StringComparison.OrdinalIgnoreCase))
            return Show(StatusAnswer.Describe(content, document, language));
        return Show(content.Prompt(PromptKeys.StatusReferenceMismatch, language));
    }

    private static ActionOutcome Show(params string[] lines) => new ActionOutcome.Show(lines);
}
