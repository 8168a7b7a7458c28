using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core.State;
using Microsoft.Extensions.Logging;

namespace Huduma.Contact.Bot.Connector;

/// <summary>Where a channel's conversation takes replies: its serviceUrl and the accounts, as the last activity named them.</summary>
internal sealed class ConversationReference
{
    public string ServiceUrl { get; set; } = "";
    public string ChannelId { get; set; } = "";
    public string ConversationId { get; set; } = "";
    public ChannelAccount? Bot { get; set; }
    public ChannelAccount? User { get; set; }
}

/// <summary>
/// Conversations that arrive by the Bot Framework connector (POST /api/messages). Each gets a local id
/// ("bf-…", from its channel and conversation id), so the chat bot, its state and the conversation log
/// (transcripts, handoff) work as for Direct Line. Replies — the bot's, and an agent's during a handoff —
/// are posted to the channel's serviceUrl: POST {serviceUrl}/v3/conversations/{id}/activities[/{replyToId}].
/// </summary>
internal sealed class ConnectorChannel(IStateStore store, IHttpClientFactory http, ConnectorTokens tokens, BotConnectorOptions options,
    DirectLineOptions lifetimes, ILogger<ConnectorChannel> logger)
{
    public const string HttpClientName = "bot-connector";
    public const string Prefix = "bf-";

    public static string LocalId(string channelId, string conversationId) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{channelId}\n{conversationId}")))[..32];

    private static string ReferenceKey(string localId) => $"bf:ref:{localId}";

    public Task RememberAsync(string localId, Activity incoming, CancellationToken ct) =>
        store.SetAsync(ReferenceKey(localId), new ConversationReference
        {
            ServiceUrl = incoming.ServiceUrl!, ChannelId = incoming.ChannelId ?? "", ConversationId = incoming.Conversation!.Id!,
            Bot = incoming.Recipient, User = incoming.From,
        }, lifetimes.ConversationLifetime, ct);

    /// <summary>
    /// Posts activities into a connector conversation (nothing for a Direct Line one). In open mode (no app
    /// id: the Emulator) only to a serviceUrl on this machine, so an unauthenticated caller cannot point the
    /// bot at another address.
    /// </summary>
    public async Task DeliverAsync(string localId, IReadOnlyList<Activity> activities, string? replyToId, CancellationToken ct)
    {
        if (!localId.StartsWith(Prefix, StringComparison.Ordinal) || activities.Count == 0) return;
        var reference = await store.GetAsync<ConversationReference>(ReferenceKey(localId), ct);
        if (reference is null) { logger.LogWarning("No serviceUrl known for connector conversation {Conversation}", localId); return; }
        if (!Uri.TryCreate(reference.ServiceUrl, UriKind.Absolute, out var service) || (options.IsOpen && !service.IsLoopback))
        {
            logger.LogWarning("Not posting to serviceUrl {ServiceUrl}: open mode (no Bot:MicrosoftAppId) answers only a channel on this machine", reference.ServiceUrl);
            return;
        }
        var client = http.CreateClient(HttpClientName);
        foreach (var activity in activities)
        {
            var outgoing = ForChannel(activity, reference, replyToId);
            var path = $"{reference.ServiceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(reference.ConversationId)}/activities"
                       + (replyToId is null ? "" : $"/{Uri.EscapeDataString(replyToId)}");
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(outgoing, options: DirectLineJson.Options) };
            if (await tokens.GetAsync(ct) is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            try
            {
                using var response = await client.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                    logger.LogError("The channel at {ServiceUrl} refused a reply in {Conversation}: {Status}", reference.ServiceUrl, localId, (int)response.StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
            {
                logger.LogError(e, "Could not post a reply to {ServiceUrl} in {Conversation}", reference.ServiceUrl, localId);
            }
        }
    }

    /// <summary>The activity as the channel knows the conversation: its ids, the bot's account on it, the user as recipient.</summary>
    private static Activity ForChannel(Activity activity, ConversationReference reference, string? replyToId) => new()
    {
        Type = activity.Type, Timestamp = activity.Timestamp, ChannelId = reference.ChannelId, ServiceUrl = reference.ServiceUrl,
        From = activity.From?.Id?.StartsWith("agent:", StringComparison.Ordinal) == true
            ? new ChannelAccount(reference.Bot?.Id, activity.From.Name, "bot") // an agent speaks through the bot's account
            : reference.Bot ?? activity.From,
        Recipient = reference.User, Conversation = new ConversationAccount(reference.ConversationId), ReplyToId = replyToId,
        Text = activity.Text, TextFormat = activity.TextFormat, Locale = activity.Locale, InputHint = activity.InputHint,
        SuggestedActions = activity.SuggestedActions, Attachments = activity.Attachments, Name = activity.Name, Value = activity.Value,
    };
}
