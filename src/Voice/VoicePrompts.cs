using Huduma.Contact.Core.Content;

namespace Huduma.Contact.Voice;

/// <summary>The words a voice call adds around the menus (content/prompts.yaml, voice.*).</summary>
internal static class VoicePrompts
{
    public const string Language = "voice.language";
    public const string Option = "voice.option";
    public const string More = "voice.more";
    public const string Back = "voice.back";
    public const string Navigation = "voice.nav";
    public const string EnterHash = "voice.enter-hash";
    public const string ReadBack = "voice.readback";
    public const string NoInput = "voice.no-input";
    public const string Goodbye = "voice.goodbye";
    public const string Transfer = "voice.transfer";
    public const string Closed = "voice.closed";

    public static readonly string[] All = [Language, Option, More, Back, Navigation, EnterHash, ReadBack, NoInput, Goodbye, Transfer, Closed];
}

/// <summary>Voice's rule on content: every prompt it speaks exists (in both languages, which the validator checks for all prompts).</summary>
internal sealed class VoiceContentCheck : IContentCheck
{
    public IEnumerable<ContentError> Check(ContentBundle content) =>
        VoicePrompts.All.Where(key => !content.Prompts.ContainsKey(key))
            .Select(key => new ContentError("content/prompts.yaml", key, "voice prompt missing"));
}
