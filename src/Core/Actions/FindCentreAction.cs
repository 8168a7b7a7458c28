using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Core.Actions;

/// <summary>find-centre: the chosen centre's location and opening hours.</summary>
public sealed class FindCentreAction(ContentBundle content) : IDialogAction
{
    public string Name => "find-centre";

    public Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken ct)
    {
        var centre = content.Centre(context.Var(SavedVariables.Centre));
        if (centre is null)
            return Task.FromResult<ActionOutcome>(new ActionOutcome.Show([content.Prompt(PromptKeys.Unavailable, context.Language)]));
        return Task.FromResult<ActionOutcome>(new ActionOutcome.Show(Describe(centre, context.Language)));
    }

    public string[] Describe(Centre centre, Language language)
    {
        var text = content.Prompt(PromptKeys.CentreDetail, language,
            ("name", centre.Name), ("location", centre.Location?[language]), ("hours", centre.Hours?[language]));
        return centre.Verified ? [text] : [text, content.Prompt(PromptKeys.Unconfirmed, language)];
    }
}
