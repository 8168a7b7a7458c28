using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Profiles;

namespace Huduma.Contact.Core.Actions;

/// <summary>set-language: the option's value ("en"/"sw") becomes this phone's language from now on.</summary>
public sealed class SetLanguageAction(PhoneProfiles profiles, ContentBundle content) : IDialogAction
{
    public string Name => "set-language";
    public IReadOnlyList<string> Targets => [ContentBundle.HomeNode];

    public async Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken ct)
    {
        var language = Languages.Parse(context.Argument) ?? Language.En;
        context.State.Lang = language.Code();
        if (context.Turn.Msisdn is { } msisdn) await profiles.SetLanguageAsync(msisdn, language, ct);
        return new ActionOutcome.GoTo(ContentBundle.HomeNode, content.Prompt(PromptKeys.LanguageSet, language), ClearBack: true);
    }
}
