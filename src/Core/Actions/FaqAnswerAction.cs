using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Core.Actions;

/// <summary>faq-answer: the answer to the question chosen from content/faqs.yaml.</summary>
public sealed class FaqAnswerAction(ContentBundle content) : IDialogAction
{
    public string Name => "faq-answer";

    public Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken ct)
    {
        var faq = content.Faqs.FirstOrDefault(f => f.Id == context.Var(SavedVariables.Faq));
        string[] lines = faq?.Answer is null
            ? [content.Prompt(PromptKeys.Unavailable, context.Language)]
            : faq.Verified
                ? [faq.Answer[context.Language]]
                : [faq.Answer[context.Language], content.Prompt(PromptKeys.Unconfirmed, context.Language)];
        return Task.FromResult<ActionOutcome>(new ActionOutcome.Show(lines));
    }
}
