using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huduma.Contact.Core.Actions;

/// <summary>set-language: the option's value ("en"/"sw") becomes this phone's language from now on.</summary>
internal sealed class SetLanguageAction(PhoneProfiles profiles, ContentBundle content, ILogger<SetLanguageAction>? logger = null) : IDialogAction
{
    private readonly ILogger _logger = logger ?? NullLogger<SetLanguageAction>.Instance;

    public string Name => "set-language";
    public IReadOnlyList<string> Targets => [MenuNodes.Home];

    public Task<ActionOutcome> RunAsync(ActionContext context, CancellationToken ct)
    {
        var language = Languages.Parse(context.Argument) ?? Language.En;
        context.State.Lang = language.Code();
        // Not awaited: the profile write goes out with the channel's session write, in the same Redis
        // round trip, and Redis answers a connection's commands in order, so it is done by the time the
        // session is. This conversation carries its language in its state; should the write fail, the
        // phone is only asked again next time, and the failure is logged.
        if (context.Turn.Msisdn is { } msisdn)
            _ = profiles.SetLanguageAsync(msisdn, language, ct).ContinueWith(
                write => _logger.LogWarning(write.Exception, "Could not remember the language of {Phone}", Mask.Phone(msisdn)),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return Task.FromResult<ActionOutcome>(new ActionOutcome.GoTo(MenuNodes.Home, content.Prompt(PromptKeys.LanguageSet, language), ClearBack: true));
    }
}
