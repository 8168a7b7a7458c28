using System.Text.Json;
using System.Text.Json.Serialization;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// A Bot Framework activity: the subset we read and write (docs/protocols/botframework.md). Fields we
/// do not know are kept as they came (<see cref="Extra"/>), because clients send more than we use.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ChannelId { get; set; }
    /// <summary>Where a Bot Framework channel takes replies (the connector protocol); not used by Direct Line clients.</summary>
    public string? ServiceUrl { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ReplyToId { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? Locale { get; set; }
    public string? InputHint { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public JsonElement? ChannelData { get; set; }
    public string? Name { get; set; }
    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record ChannelAccount(string? Id, string? Name = null, string? Role = null);

public sealed record ConversationAccount(string? Id);

public sealed record SuggestedActions(IReadOnlyList<CardAction> Actions);

public sealed record CardAction(string Type, string Title, string Value);

/// <summary>A card or file; the handoff event carries the transcript as one ("application/json", "Transcript").</summary>
public sealed record Attachment(string ContentType, string? Name = null, JsonElement? Content = null);

/// <summary>What GET …/activities answers: the activities after the client's watermark, and the new one.</summary>
internal sealed record ActivitySet(IReadOnlyList<Activity> Activities, string Watermark);
