using System.Text.Json;
using Huduma.Contact.Bot.Connector;
using Huduma.Contact.Bot.DirectLine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huduma.Contact.Bot.Tests;

/// <summary>
/// The Bot Framework connector (docs/protocols/botframework.md): activities as a channel posts them to
/// /api/messages, through the endpoint's handler; the bot's replies are posted back to the activity's
/// serviceUrl (caught by <see cref="ChannelPosts"/>), each replying to the citizen's activity.
/// </summary>
public sealed class ConnectorChatTests : ChatContract
{
    // The Emulator's: in open mode (no app id) replies go only to a serviceUrl on this machine.
    private const string ServiceUrl = "http://localhost:52919";
    private const string ChannelId = "emulator";

    protected override Task<string> StartAsync() => Task.FromResult("conv-" + Guid.NewGuid().ToString("N")[..12]);

    protected override string LocalId(string conversation) => ConnectorChannel.LocalId(ChannelId, conversation);

    private static string Activity(string type, string id, string conversation, string? text, string? pageLanguage = null,
        string serviceUrl = ServiceUrl) => $$"""
        {
          "type": "{{type}}",
          "id": "{{id}}",
          "timestamp": "2026-11-25T07:00:00.123Z",
          "localTimestamp": "2026-11-25T10:00:00.123+03:00",
          "serviceUrl": "{{serviceUrl}}",
          "channelId": "{{ChannelId}}",
          "from": { "id": "5c6e0a7e-user", "name": "User", "role": "user" },
          "conversation": { "id": "{{conversation}}" },
          "recipient": { "id": "huduma-bot@abc", "name": "Huduma 1919", "role": "bot" },
          "textFormat": "plain",
          "locale": "en-US"{{(text is null ? "" : $",\n  \"text\": {JsonSerializer.Serialize(text)}")}}{{(pageLanguage is null ? "" : $",\n  \"channelData\": {{ \"lang\": \"{pageLanguage}\" }}")}}
        }
        """;

    private Task<IResult> ReceiveAsync(string json) =>
        ConnectorEndpoints.ReceiveAsync(JsonRequest.Post("https://huduma.example.go.ke/api/messages", json), H.ConnectorAuth, H.Connector, H.Bot, H.Log,
            H.DirectLine, H.Clock, H.Loggers, default);

    protected override async Task<IReadOnlyList<Activity>> SayAsync(string conversation, string text, string? pageLanguage = null)
    {
        var before = H.Channel.All.Count;
        var id = Guid.NewGuid().ToString("N");
        Assert.IsType<Ok>(await ReceiveAsync(Activity("message", id, conversation, text, pageLanguage)));
        var posts = H.Channel.All.Skip(before).ToList();
        Assert.NotEmpty(posts);
        foreach (var post in posts)
        {
            // POST {serviceUrl}/v3/conversations/{id}/activities/{replyToId}, as the channel knows the conversation.
            Assert.Equal($"{ServiceUrl}/v3/conversations/{conversation}/activities/{id}", post.Url.ToString());
            Assert.Equal((ChannelId, conversation, id), (post.Activity.ChannelId, post.Activity.Conversation?.Id, post.Activity.ReplyToId));
            Assert.Equal(("huduma-bot@abc", "5c6e0a7e-user"), (post.Activity.From?.Id, post.Activity.Recipient?.Id));
        }
        return posts.Select(p => p.Activity).ToList();
    }

    [Fact]
    public async Task A_conversation_update_is_acknowledged_and_not_answered()
    {
        var conversation = await StartAsync();
        Assert.IsType<Ok>(await ReceiveAsync(Activity("conversationUpdate", "cu-1", conversation, null)));
        Assert.Empty(H.Channel.All);
        Assert.Null(await H.StateAsync(LocalId(conversation)));
    }

    [Fact]
    public async Task An_activity_without_an_absolute_service_url_is_refused_and_stores_nothing()
    {
        var conversation = await StartAsync();
        var refused = Assert.IsType<ProblemHttpResult>(await ReceiveAsync(Activity("message", "m-1", conversation, "hi", serviceUrl: "/relative")));
        Assert.Equal(400, refused.StatusCode);
        Assert.False(await H.Log.ExistsAsync(LocalId(conversation)));
        Assert.Null(await H.StateAsync(LocalId(conversation)));
    }

    [Fact]
    public async Task In_open_mode_a_service_url_off_this_machine_gets_no_reply_posted()
    {
        var conversation = await StartAsync();
        Assert.IsType<Ok>(await ReceiveAsync(Activity("message", "m-1", conversation, "hi", serviceUrl: "https://smba.trafficmanager.net/emea/")));
        Assert.Empty(H.Channel.All);
        Assert.NotNull(await H.StateAsync(LocalId(conversation))); // answered all the same: the transcript is in the log
    }
}
