using System.Text.Json;
using Huduma.Contact.Bot.DirectLine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huduma.Contact.Bot.Tests;

/// <summary>
/// Direct Line 3.0 (docs/protocols/botframework.md) through its endpoint handlers: a conversation is
/// started with a token, activities are posted as Web Chat posts them, and read back by watermark.
/// </summary>
public sealed class DirectLineChatTests : ChatContract
{
    private const string Base = "https://huduma.example.go.ke/v3/directline/conversations";
    private readonly Dictionary<string, (string Token, int Watermark)> _conversations = [];

    protected override async Task<string> StartAsync()
    {
        var started = await DirectLineEndpoints.Start(JsonRequest.Post(Base, null, BotHarness.Secret), H.Tokens, H.DirectLine, H.Log, default);
        var conversation = Assert.IsType<Created<DirectLineEndpoints.Conversation>>(started).Value!;
        _conversations[conversation.ConversationId] = (conversation.Token, 0);
        return conversation.ConversationId;
    }

    protected override string LocalId(string conversation) => conversation;

    /// <summary>A message as Web Chat posts it; our widget adds the page's language to channelData.</summary>
    private static string Message(string text, string? pageLanguage) => $$"""
        {
          "type": "message",
          "from": { "id": "dl_8f3a2c", "name": "" },
          "locale": "en-US",
          "text": {{JsonSerializer.Serialize(text)}},
          "textFormat": "plain",
          "timestamp": "2026-11-25T07:00:00.000Z",
          "channelData": { "clientActivityID": "{{Guid.NewGuid():N}}", "clientTimestamp": "2026-11-25T07:00:00.000Z"{{(pageLanguage is null ? "" : $", \"lang\": \"{pageLanguage}\"")}} }
        }
        """;

    private Task<IResult> PostAsync(string conversation, string json, string? bearer) =>
        DirectLineEndpoints.Post(conversation, JsonRequest.Post($"{Base}/{conversation}/activities", json, bearer), H.Tokens, H.DirectLine, H.Log,
            H.Bot, H.Clock, default);

    private async Task<ActivitySet> ReadAsync(string conversation, int watermark)
    {
        var url = $"{Base}/{conversation}/activities?watermark={watermark}";
        var read = await DirectLineEndpoints.Get(conversation, JsonRequest.Get(url, _conversations[conversation].Token), H.Tokens, H.DirectLine, H.Log,
            watermark.ToString(), default);
        var bytes = Assert.IsType<FileContentHttpResult>(read);
        Assert.Equal("application/json", bytes.ContentType);
        return JsonSerializer.Deserialize<ActivitySet>(bytes.FileContents.Span, DirectLineJson.Options)!;
    }

    protected override async Task<IReadOnlyList<Activity>> SayAsync(string conversation, string text, string? pageLanguage = null)
    {
        var (token, watermark) = _conversations[conversation];
        var posted = Assert.IsType<Ok<DirectLineEndpoints.ResourceResponse>>(await PostAsync(conversation, Message(text, pageLanguage), token)).Value!;
        var set = await ReadAsync(conversation, watermark);
        _conversations[conversation] = (token, int.Parse(set.Watermark));
        // The echo first, with the id the post answered (Web Chat marks the message sent when it sees it).
        var echo = set.Activities[0];
        Assert.Equal((posted.Id, "user", text), (echo.Id, echo.From?.Role, echo.Text));
        var answers = set.Activities.Skip(1).ToList();
        Assert.All(answers, a => Assert.Equal(echo.Id, a.ReplyToId));
        return answers;
    }

    protected override async Task CatchUpAsync(string conversation)
    {
        var (token, watermark) = _conversations[conversation];
        _conversations[conversation] = (token, int.Parse((await ReadAsync(conversation, watermark)).Watermark));
    }

    [Fact]
    public async Task A_token_for_another_conversation_is_refused_and_the_bot_is_not_asked()
    {
        var mine = await StartAsync();
        var other = await StartAsync();
        var refused = Assert.IsType<ProblemHttpResult>(await PostAsync(other, Message("hi", null), _conversations[mine].Token));
        Assert.Equal(403, refused.StatusCode);
        Assert.Null(await H.StateAsync(other));
        Assert.Empty((await H.Log.ReadAsync(other, 0)).Activities);
    }

    [Fact]
    public async Task An_activity_without_a_type_or_not_json_is_refused_and_stores_nothing()
    {
        var conversation = await StartAsync();
        var token = _conversations[conversation].Token;
        Assert.Equal(400, Assert.IsType<ProblemHttpResult>(await PostAsync(conversation, """{"text":"hi"}""", token)).StatusCode);
        Assert.Equal(400, Assert.IsType<ProblemHttpResult>(await PostAsync(conversation, "hi", token)).StatusCode);
        Assert.Empty((await H.Log.ReadAsync(conversation, 0)).Activities);
        Assert.Equal(0, await H.ChatsStartedTodayAsync());
    }

    [Fact]
    public async Task A_typing_activity_is_logged_but_not_answered()
    {
        var conversation = await StartAsync();
        var posted = await PostAsync(conversation, """{"type":"typing","from":{"id":"dl_8f3a2c"}}""", _conversations[conversation].Token);
        Assert.IsType<Ok<DirectLineEndpoints.ResourceResponse>>(posted);
        Assert.Equal(["typing"], (await H.Log.ReadAsync(conversation, 0)).Activities.Select(a => a.Type));
        Assert.Null(await H.StateAsync(conversation));
    }
}
