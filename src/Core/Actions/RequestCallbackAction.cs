using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Actions;

/// <summary>
/// request-callback: an escalation ticket carrying the phone, the path through the menus and the
/// document asked about, so the agent who calls back knows the story. Confirmed with its reference.
/// </summary>
internal sealed class RequestCallbackAction(IEscalationStore escalations, ContentBundle content) : IDialogAction
{
    public string Name => "request-callback";

    public async Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken ct)
    {
        // A call back needs a number to call: the anonymous web has none to offer here.
        if (context.Turn.Msisdn is null)
            return new ActionOutcome.Show([content.Prompt(PromptKeys.Unavailable, context.Language)]);

        // The same ticket as a call back by the handoff policy in the same conversation (ConversationTickets).
        var ticket = await ConversationTickets.OpenAsync(escalations, context.Turn, context.State, EscalationReasons.Callback, ct);
        return new ActionOutcome.Show([content.Prompt(PromptKeys.CallbackDone, context.Language, ("reference", ticket.Reference))],
            Ends: true);
    }
}
