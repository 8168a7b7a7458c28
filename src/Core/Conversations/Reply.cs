using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Core.Conversations;

/// <summary>A numbered choice the citizen can make.</summary>
public sealed record ReplyOption(string Key, string Label);

/// <summary>
/// What the engine answers, channel-neutral: body lines, numbered options, an optional short notice
/// (e.g. "Invalid choice") and whether the conversation ends. Channels render it (USSD screens,
/// spoken prompts, chat buttons).
/// </summary>
public sealed record Reply(
    IReadOnlyList<string> Lines,
    IReadOnlyList<ReplyOption> Options,
    Language Language,
    bool Ends = false,
    bool CanGoBack = false,
    string? Notice = null)
{
    public string Text => string.Join("\n", Lines);

    /// <summary>
    /// True when the engine hands out this same instance whenever the same screen is shown (a menu with
    /// the same notice and list choices; never an action's answer or a screen naming what a citizen
    /// typed), so a channel may keep what it renders from it instead of rendering it again.
    /// </summary>
    public bool Reusable { get; init; }

    // A copy (`menu with { Lines = … }`) is another screen: it is reusable only if it says so again, else a
    // channel would keep what it renders from the copy under the original's identity (issue 24).
    private Reply(Reply original)
    {
        Lines = original.Lines;
        Options = original.Options;
        Language = original.Language;
        Ends = original.Ends;
        CanGoBack = original.CanGoBack;
        Notice = original.Notice;
    }
}
