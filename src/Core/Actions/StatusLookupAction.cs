using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Register;

namespace Huduma.Contact.Core.Actions;

/// <summary>
/// status-lookup: what is the state of my document? The rules of who may know what are in
/// <see cref="StatusLookup"/>; this action turns its result into dialog: an answer, or the question for
/// the waiting-card reference (node status.reference, which runs this action again). A reference that
/// does not match asks for it again, so the citizen can type the right one at once (the rate limit, not
/// the dialog, bounds the guesses).
/// </summary>
internal sealed class StatusLookupAction(StatusLookup lookup, ContentBundle content) : IDialogAction
{
    public string Name => "status-lookup";
    public IReadOnlyList<string> Targets => [MenuNodes.StatusReference];

    public async Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken ct)
    {
        var fromReference = context.State.Node == MenuNodes.StatusReference;
        var reference = fromReference ? context.Var(SavedVariables.Reference) : null;
        if (fromReference) context.State.Vars.Remove(SavedVariables.Reference);

        var asker = context.Turn.Msisdn ?? $"{context.Turn.Channel}:{context.Turn.ConversationId}";
        var result = await lookup.LookUpAsync(context.Turn.Channel, asker, context.Turn.Msisdn, context.Var(SavedVariables.DocumentType) ?? "",
            context.Var(SavedVariables.DocumentNumber) ?? "", reference, context.Language, ct);
        return result switch
        {
            StatusLookupResult.Answer answer => new ActionOutcome.Show(answer.Lines),
            StatusLookupResult.NeedReference => new ActionOutcome.GoTo(MenuNodes.StatusReference),
            StatusLookupResult.RateLimited => new ActionOutcome.Show([content.Prompt(PromptKeys.StatusRateLimited, context.Language)]),
            _ => new ActionOutcome.GoTo(MenuNodes.StatusReference, content.Prompt(PromptKeys.StatusReferenceRetry, context.Language)),
        };
    }
}
