using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;

namespace Huduma.Contact.Core.Actions;

/// <summary>service-detail: what a service needs. Requirements are sample data until confirmed.</summary>
public sealed class ServiceDetailAction(ContentBundle content) : IDialogAction
{
    public string Name => "service-detail";

    public Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken ct)
    {
        var service = content.Service(context.Var(SavedVariables.Service));
        if (service is null)
            return Task.FromResult<ActionOutcome>(new ActionOutcome.Show([content.Prompt(PromptKeys.Unavailable, context.Language)]));
        return Task.FromResult<ActionOutcome>(new ActionOutcome.Show(Describe(service, context.Language)));
    }

    public string[] Describe(Service service, Language language)
    {
        var text = content.Prompt(PromptKeys.ServiceDetail, language,
            ("name", service.Name?[language]), ("requirements", service.Requirements?[language]));
        return service.Verified ? [text] : [text, content.Prompt(PromptKeys.Unconfirmed, language)];
    }
}
