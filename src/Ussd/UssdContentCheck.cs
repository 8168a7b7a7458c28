using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Register;

namespace Huduma.Contact.Ussd;

/// <summary>
/// USSD's rule on content, run at start-up with the rest of validation: in both languages, every menu
/// fits one screen, every list prompt leaves room for its items and navigation, and the answers a
/// citizen waits for fit with the longest data shipped: a centre on one screen, a status on two.
/// </summary>
internal sealed class UssdContentCheck(int maxLength = UssdScreenRenderer.DefaultMaxLength) : IContentCheck
{
    /// <summary>The answer a citizen dialled for may take a "98 More", not two.</summary>
    public const int MaxStatusScreens = 2;

    public IEnumerable<ContentError> Check(ContentBundle content)
    {
        var renderer = new UssdScreenRenderer(content, maxLength);
        var errors = new List<ContentError>();
        foreach (var language in Languages.All)
        {
            var code = language.Code();
            foreach (var node in content.NodeList.Where(n => n.Text is not null))
            {
                // Placeholders filled with the longest value they can take.
                var text = WorstCaseText.Fill(node.Text![language], content, language);
                var options = node.Options?.Select((o, i) => new ReplyOption($"{i + 1}", o.Label?[language] ?? "")).ToList() ?? [];
                var screen = renderer.SingleScreenLength(new Reply([text], options, language, CanGoBack: true));
                var limit = node.Options is not null ? "the whole menu" : "the prompt";
                if (screen > maxLength)
                    errors.Add(new ContentError(node.Text.Where, node.Id,
                        $"'{code}' screen ({limit} with navigation) is {screen} characters (limit {maxLength})"));

                // A reference that did not match asks again under a notice: both on one screen, where the
                // citizen types the right one.
                if (node.Id == MenuNodes.StatusReference
                    && content.Prompts.ContainsKey(PromptKeys.StatusReferenceRetry))
                {
                    var retry = renderer.SingleScreenLength(new Reply([text], [], language, CanGoBack: true,
                        Notice: content.Prompt(PromptKeys.StatusReferenceRetry, language)));
                    if (retry > maxLength)
                        errors.Add(new ContentError(node.Text.Where, node.Id,
                            $"'{code}' screen (the prompt under '{PromptKeys.StatusReferenceRetry}', with navigation) is {retry} characters (limit {maxLength})"));
                }
            }

            foreach (var document in content.Documents)
            {
                var longestCentre = content.Centres.MaxBy(c => Gsm7.SeptetCount($"{c.Name}{c.Location?[language]}{c.Hours?[language]}"));
                if (longestCentre is null) continue;
                var sample = new RegisteredDocument
                {
                    Type = document.Id, Number = new string('9', 12), HolderName = new string('N', 30), Phones = [],
                    CentreId = longestCentre.Id, Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "X",
                    CollectedOn = new DateOnly(2026, 12, 31),
                };
                foreach (var status in Enum.GetValues<DocumentStatus>())
                {
                    var lines = Core.Actions.StatusAnswer.Describe(content, sample with { Status = status }, language);
                    var pages = renderer.Pages(new Reply(lines, [], language, CanGoBack: true)).Count;
                    if (pages > MaxStatusScreens)
                        errors.Add(new ContentError(document.Where, null,
                            $"'{code}' status answer ({status}) for '{document.Id}' at the longest centre needs {pages} screens (limit {MaxStatusScreens})"));
                }
            }

            var centreAction = new Core.Actions.FindCentreAction(content);
            foreach (var centre in content.Centres)
            {
                var screen = renderer.SingleScreenLength(new Reply(centreAction.Describe(centre, language), [], language, CanGoBack: true));
                if (screen > maxLength)
                    errors.Add(new ContentError(centre.Where, null, $"'{code}' centre '{centre.Id}' details are {screen} characters (limit {maxLength})"));
            }
        }
        return errors;
    }
}
