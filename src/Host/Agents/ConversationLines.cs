using System.Text.RegularExpressions;
using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// A message as the agent reads it: who said it (an agent by display name) and, where the citizen answered a
/// numbered menu with its number, the option as the citizen saw it ("English"), the number kept as
/// <see cref="Typed"/> ("1").
/// </summary>
internal sealed record ConversationLine(DateTimeOffset At, string From, string? Name, string Text, string? Typed = null);

/// <summary>
/// Makes a transcript readable when it is shown, so tickets stored before this (and the SMS thread, kept as
/// it was texted) read the same as new ones: a citizen's bare number is looked up in the options of the bot's
/// message just before it ("1 English", "1. English"), in the words and language the citizen was sent.
/// A chat's taps are resolved when the chat is read (the chat channel's handoff, `ChatHandoff`),
/// where the buttons are known.
/// </summary>
internal static partial class ConversationLines
{
    public const string BotName = "Huduma 1919";

    [GeneratedRegex(@"^\s*(\d{1,2})[.):]?[ \t]+(\S[^\r\n]*)$", RegexOptions.Multiline)]
    private static partial Regex Option();

    /// <param name="agentName">The display name for an agent's line that did not keep one (the agent holding the ticket).</param>
    public static IReadOnlyList<ConversationLine> Readable(IEnumerable<TranscriptLine> lines, string? agentName)
    {
        var readable = new List<ConversationLine>();
        string? menu = null;
        foreach (var line in lines)
        {
            string? typed = null;
            var text = line.Text;
            if (line.From == "citizen")
            {
                if (menu is not null && text.Trim() is { Length: > 0 and <= 2 } key && key.All(char.IsAsciiDigit)
                    && Option().Matches(menu).FirstOrDefault(m => m.Groups[1].Value == key) is { } option)
                    (typed, text) = (key, option.Groups[2].Value.Trim());
                menu = null;
            }
            else menu = line.From == "bot" ? line.Text : null;
            var name = line.Name ?? line.From switch { "agent" => agentName, "bot" => BotName, _ => null };
            readable.Add(new ConversationLine(line.At, line.From, name, text, typed));
        }
        return readable;
    }

    /// <summary>The transcript kept at the handoff, then what was said since that it does not already hold, oldest first.</summary>
    public static IEnumerable<TranscriptLine> Merge(IReadOnlyList<TranscriptLine> transcript, IEnumerable<TranscriptLine> since) =>
        transcript.Concat(since.Where(m => !transcript.Any(l => l.At == m.At && l.Text == m.Text)));
}
