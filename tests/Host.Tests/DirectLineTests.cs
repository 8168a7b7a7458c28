using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Host.Tests;

/// <summary>The self-hosted Direct Line 3.0 REST API over HTTP against real Redis, with a secret configured.</summary>
public sealed class DirectLineTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Secret = "direct-line-test-secret";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private HudumaHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = Host();
        await _host.Services.GetRequiredService<IDocumentRegister>().UpsertAsync(EngineHarness.ReadyId);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HudumaHost Host() => new(new Dictionary<string, string?>
    {
        ["Redis:ConnectionString"] = redis.ConnectionString, ["DirectLine:Secret"] = Secret,
    }) { Overrides = services => services.AddSingleton<TimeProvider>(_clock) };

    private static HttpClient With(HttpClient client, string credential)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return client;
    }

    private sealed record Started(string ConversationId, string Token);

    private async Task<(HttpClient Client, string Conversation, string Token)> StartAsync()
    {
        var withSecret = With(_host.CreateClient(), Secret);
        var generated = await (await withSecret.PostAsync("/v3/directline/tokens/generate", null)).Content.ReadFromJsonAsync<Started>();
        var client = With(_host.CreateClient(), generated!.Token);
        var start = await client.PostAsync("/v3/directline/conversations", null);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v3/directline/conversations", null)).StatusCode);
        return (client, generated.ConversationId, generated.Token);
    }

    private static Task<HttpResponseMessage> SayAsync(HttpClient client, string conversation, string text, string? clientId = null) =>
        client.PostAsJsonAsync($"/v3/directline/conversations/{conversation}/activities", new
        {
            type = "message", from = new { id = "citizen-1" }, text,
            channelData = new { clientActivityID = clientId ?? Guid.NewGuid().ToString("N") },
        });

    private static async Task<ActivitySet> ReadAsync(HttpClient client, string conversation, string? watermark = null) =>
        (await client.GetFromJsonAsync<ActivitySet>($"/v3/directline/conversations/{conversation}/activities" + (watermark is null ? "" : $"?watermark={watermark}"),
            DirectLineJson.Options))!;

    [Fact]
    public async Task A_message_is_echoed_with_its_id_and_answered_with_buttons_and_watermarks_replay_exactly_what_came_after()
    {
        var (client, conversation, _) = await StartAsync();
        var posted = await (await SayAsync(client, conversation, "hello", "client-42")).Content.ReadFromJsonAsync<DirectLineEndpoints.ResourceResponse>();
        Assert.Equal($"{conversation}|0000001", posted!.Id);

        var first = await ReadAsync(client, conversation);
        Assert.Equal("2", first.Watermark);
        var (echo, reply) = (first.Activities[0], first.Activities[1]);
        Assert.Equal((posted.Id, "user", "hello"), (echo.Id, echo.From?.Role, echo.Text));
        Assert.Equal("client-42", echo.ChannelData?.GetProperty("clientActivityID").GetString());
        Assert.Equal(("bot", $"{conversation}|0000002", echo.Id), (reply.From?.Role, reply.Id, reply.ReplyToId));
        Assert.Contains(reply.SuggestedActions!.Actions, a => a.Title == "English" && a.Type == "imBack");

        // A typed label works like the button.
        await SayAsync(client, conversation, "english");
        var next = await ReadAsync(client, conversation, first.Watermark);
        Assert.Equal(("4", 2), (next.Watermark, next.Activities.Count));
        Assert.Contains("How can we help?", next.Activities[1].Text);
        Assert.Equal("en-KE", next.Activities[1].Locale);

        // Nothing new: 200 with no activities (a polling client stops for good on an error).
        var none = await ReadAsync(client, conversation, next.Watermark);
        Assert.Equal(("4", 0), (none.Watermark, none.Activities.Count));

        // Another host on the same Redis, reconnecting with the watermark, gets exactly what came after it.
        await using var other = Host();
        var reconnected = await ReadAsync(With(other.CreateClient(), Secret), conversation, "2");
        Assert.Equal(next.Activities.Select(a => a.Id), reconnected.Activities.Select(a => a.Id));
    }

    [Fact]
    public async Task On_the_anonymous_web_a_status_needs_the_waiting_card_reference()
    {
        var (client, conversation, _) = await StartAsync();
        foreach (var text in new[] { "hi", "1", "1", "1", EngineHarness.ReadyId.Number }) await SayAsync(client, conversation, text);
        var asked = (await ReadAsync(client, conversation)).Activities[^1];
        Assert.Contains("waiting card", asked.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(EngineHarness.ReadyId.HolderName, asked.Text);
        await SayAsync(client, conversation, EngineHarness.ReadyId.WaitingCardRef);
        var answer = (await ReadAsync(client, conversation)).Activities[^1];
        Assert.Contains("READY", answer.Text);
        Assert.Contains(EngineHarness.ReadyId.HolderName, answer.Text);
    }

    [Fact]
    public async Task Free_text_at_a_menu_is_answered_from_the_faqs_in_its_own_language_or_plainly_not_understood()
    {
        var (client, conversation, _) = await StartAsync();
        await SayAsync(client, conversation, "hi");
        await SayAsync(client, conversation, "English");
        var content = _host.Services.GetRequiredService<Huduma.Contact.Core.Content.ContentBundle>();
        var bring = content.Faqs.Single(f => f.Id == "what-to-bring");
        var language = content.Faqs.Single(f => f.Id == "language");

        await SayAsync(client, conversation, "wat shud I bring to colect my documnt?");
        var answer = (await ReadAsync(client, conversation)).Activities[^1];
        Assert.Contains(bring.Answer!.En!, answer.Text);
        Assert.Contains(answer.SuggestedActions!.Actions, a => a.Value == "1"); // the menu stays

        await SayAsync(client, conversation, "nitabadilishaje lugha");
        Assert.Contains(language.Answer!.Sw!, (await ReadAsync(client, conversation)).Activities[^1].Text);

        await SayAsync(client, conversation, "what is the price of maize in Eldoret");
        var fallback = (await ReadAsync(client, conversation)).Activities[^1];
        Assert.StartsWith("Sorry, I did not understand.", fallback.Text);
        Assert.Contains(fallback.SuggestedActions!.Actions, a => a.Value == "1");
        // Below the threshold the bot offers a person rather than guessing (at home, the menu's own button).
        Assert.Single(fallback.SuggestedActions!.Actions, a => a.Title == "Talk to an agent");

        // None of that counted as a wrong choice: the menu still works.
        await SayAsync(client, conversation, "1");
        Assert.Contains("Which document?", (await ReadAsync(client, conversation)).Activities[^1].Text);

        // Deeper in the menus, the fallback adds the button for a person.
        await SayAsync(client, conversation, "price of maize");
        var deeper = (await ReadAsync(client, conversation)).Activities[^1];
        Assert.StartsWith("Sorry, I did not understand.", deeper.Text);
        Assert.Equal("Talk to an agent", deeper.SuggestedActions!.Actions[^1].Title);
    }

    [Fact]
    public async Task A_status_question_typed_in_words_goes_to_the_lookup_in_the_language_it_was_asked_in()
    {
        var (client, conversation, _) = await StartAsync();
        await SayAsync(client, conversation, "hi");
        // Straight from the language menu, in Kiswahili.
        await SayAsync(client, conversation, $"kitambulisho changu {EngineHarness.ReadyId.Number} kiko tayari?");
        var asked = (await ReadAsync(client, conversation)).Activities[^1];
        Assert.Contains("kumbukumbu", asked.Text);
        Assert.Equal("sw-KE", asked.Locale);
        await SayAsync(client, conversation, EngineHarness.ReadyId.WaitingCardRef);
        Assert.Contains("TAYARI", (await ReadAsync(client, conversation)).Activities[^1].Text);

        var (english, second, _) = await StartAsync();
        await SayAsync(english, second, "hi");
        await SayAsync(english, second, "English");
        await SayAsync(english, second, $"is my ID {EngineHarness.ReadyId.Number} ready?");
        Assert.Contains("waiting card", (await ReadAsync(english, second)).Activities[^1].Text);
    }

    [Fact]
    public async Task A_question_typed_at_the_reference_prompt_leaves_it_and_is_answered_from_the_faqs()
    {
        var (client, conversation, _) = await StartAsync();
        await SayAsync(client, conversation, "hi");
        await SayAsync(client, conversation, "English");
        var content = _host.Services.GetRequiredService<Huduma.Contact.Core.Content.ContentBundle>();
        var bring = content.Faqs.Single(f => f.Id == "what-to-bring");

        await SayAsync(client, conversation, $"is my ID {EngineHarness.ReadyId.Number} ready?");
        Assert.Contains("waiting card", (await ReadAsync(client, conversation)).Activities[^1].Text);
        await SayAsync(client, conversation, "what should I bring to collect my document?");
        var answer = (await ReadAsync(client, conversation)).Activities[^1];
        Assert.DoesNotContain("Invalid reference", answer.Text);
        Assert.Contains(bring.Answer!.En!, answer.Text);
        Assert.Contains(answer.SuggestedActions!.Actions, a => a.Value == "1");   // the home menu, not the prompt

        // The menu works from there, and a status question at the number prompt is a question too.
        await SayAsync(client, conversation, "1");
        await SayAsync(client, conversation, "1");
        Assert.Contains("number", (await ReadAsync(client, conversation)).Activities[^1].Text);
        await SayAsync(client, conversation, "how do I change the language?");
        var language = content.Faqs.Single(f => f.Id == "language");
        Assert.Contains(language.Answer!.En!, (await ReadAsync(client, conversation)).Activities[^1].Text);

        // What looks like a reference is still taken as one, spaces and all.
        await SayAsync(client, conversation, $"is my ID {EngineHarness.ReadyId.Number} ready?");
        await SayAsync(client, conversation, "wc 555 111");
        Assert.Contains("READY", (await ReadAsync(client, conversation)).Activities[^1].Text);

        // The issue's own words: the birth certificate question after the reference prompt.
        await SayAsync(client, conversation, $"is my ID {EngineHarness.ReadyId.Number} ready?");
        await SayAsync(client, conversation, "what do I need for a birth certificate");
        var birth = content.Faqs.Single(f => f.Id == "birth-certificate-requirements");
        var birthAnswer = (await ReadAsync(client, conversation)).Activities[^1].Text;
        Assert.Contains(birth.Answer!.En!, birthAnswer);
        Assert.Contains(content.Prompt(Huduma.Contact.Core.Content.PromptKeys.Unconfirmed, Huduma.Contact.Core.Content.Language.En), birthAnswer);
    }

    [Fact]
    public async Task Tokens_are_for_one_conversation_expire_and_refresh_and_the_api_needs_the_secret()
    {
        var (client, conversation, token) = await StartAsync();
        var (_, otherConversation, _) = await StartAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/v3/directline/conversations/{otherConversation}/activities")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SayAsync(client, otherConversation, "hi")).StatusCode);

        var forged = With(_host.CreateClient(), token[..^3] + "abc");
        Assert.Equal(HttpStatusCode.Forbidden, (await forged.GetAsync($"/v3/directline/conversations/{conversation}/activities")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.CreateClient().PostAsync("/v3/directline/tokens/generate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/v3/directline/tokens/generate", null)).StatusCode);

        // A token refreshed half-way through its hour outlives the first one.
        _clock.Advance(TimeSpan.FromMinutes(40));
        var refreshed = await (await client.PostAsync("/v3/directline/tokens/refresh", null)).Content.ReadFromJsonAsync<Started>();
        Assert.Equal(conversation, refreshed!.ConversationId);
        _clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/v3/directline/conversations/{conversation}/activities")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/v3/directline/tokens/refresh", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await With(_host.CreateClient(), refreshed.Token).GetAsync($"/v3/directline/conversations/{conversation}/activities")).StatusCode);
        // With the secret, a reconnect hands out a new token.
        var fresh = await (await With(_host.CreateClient(), Secret).GetAsync($"/v3/directline/conversations/{conversation}")).Content.ReadFromJsonAsync<Started>();
        Assert.Equal(HttpStatusCode.OK, (await With(_host.CreateClient(), fresh!.Token).GetAsync($"/v3/directline/conversations/{conversation}/activities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await With(_host.CreateClient(), Secret).GetAsync("/v3/directline/conversations/nosuch/activities")).StatusCode);
    }

    [Fact]
    public async Task Malformed_or_oversized_activities_get_400_and_store_nothing()
    {
        var (client, conversation, _) = await StartAsync();
        var junk = await client.PostAsync($"/v3/directline/conversations/{conversation}/activities",
            new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/v3/directline/conversations/{conversation}/activities", new { text = "no type" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SayAsync(client, conversation, new string('x', 2001))).StatusCode);
        Assert.Equal("0", (await ReadAsync(client, conversation)).Watermark);
    }

    private sealed record StartedWithStream(string ConversationId, string Token, string StreamUrl);

    private static async Task<ActivitySet> ReceiveSetAsync(System.Net.WebSockets.WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var buffer = new byte[64 * 1024];
            var received = 0;
            System.Net.WebSockets.WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, received, buffer.Length - received), timeout.Token);
                received += result.Count;
            } while (!result.EndOfMessage);
            if (received == 0) continue; // a keep-alive
            return JsonSerializer.Deserialize<ActivitySet>(buffer.AsSpan(0, received), DirectLineJson.Options)!;
        }
    }

    [Fact]
    public async Task The_websocket_stream_pushes_the_echo_and_the_reply_and_a_reconnect_resumes_at_the_watermark()
    {
        var withSecret = With(_host.CreateClient(), Secret);
        var generated = await (await withSecret.PostAsync("/v3/directline/tokens/generate", null)).Content.ReadFromJsonAsync<Started>();
        var client = With(_host.CreateClient(), generated!.Token);
        var started = await (await client.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<StartedWithStream>();
        Assert.StartsWith("ws://", started!.StreamUrl);
        Assert.Contains("t=", started.StreamUrl);

        var sockets = _host.Server.CreateWebSocketClient();
        using (var socket = await sockets.ConnectAsync(new Uri(started.StreamUrl), CancellationToken.None))
        {
            await SayAsync(client, started.ConversationId, "hello");
            var seen = new List<Activity>();
            while (seen.Count < 2) seen.AddRange((await ReceiveSetAsync(socket)).Activities);
            Assert.Equal(("user", "bot"), (seen[0].From?.Role, seen[1].From?.Role));
            Assert.Contains(seen[1].SuggestedActions!.Actions, a => a.Title == "English");
            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        // Missed while away: a reconnect with watermark 2 gets exactly the two that came after.
        await SayAsync(client, started.ConversationId, "1");
        var reconnect = await (await client.GetAsync($"/v3/directline/conversations/{started.ConversationId}?watermark=2")).Content.ReadFromJsonAsync<StartedWithStream>();
        using (var again = await sockets.ConnectAsync(new Uri(reconnect!.StreamUrl), CancellationToken.None))
        {
            var set = await ReceiveSetAsync(again);
            Assert.Equal(("4", 2), (set.Watermark, set.Activities.Count));
            Assert.Equal($"{started.ConversationId}|0000003", set.Activities[0].Id);
        }

        // A stream URL with another conversation's token is refused.
        var other = await (await withSecret.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<StartedWithStream>();
        var forged = started.StreamUrl.Replace(Uri.EscapeDataString(started.Token), Uri.EscapeDataString(other!.Token));
        await Assert.ThrowsAnyAsync<Exception>(() => sockets.ConnectAsync(new Uri(forged), CancellationToken.None));
    }

    [Fact]
    public async Task A_cross_origin_preflight_allows_every_header_web_chat_sends()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        preflight.Headers.Add("Origin", "https://county.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent,x-requested-with");
        var response = await _host.CreateClient().SendAsync(preflight);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        foreach (var header in new[] { "authorization", "content-type", "x-ms-bot-agent", "x-requested-with" }) Assert.Contains(header, allowed);
    }

    /// <summary>A store whose chat states are slow to read: two turns of one conversation then overlap.</summary>
    private sealed class SlowChatStates(IStateStore inner) : StateStoreDecorator(inner)
    {
        public override async Task<T?> GetAsync<T>(string key, CancellationToken ct = default) where T : class
        {
            if (key.StartsWith("chat:", StringComparison.Ordinal)) await Task.Delay(150, ct);
            return await base.GetAsync<T>(key, ct);
        }
    }

    [Fact]
    public async Task Two_taps_at_once_are_two_turns_one_after_the_other_not_one_lost()
    {
        await using var host = new HudumaHost(new Dictionary<string, string?> { ["Redis:ConnectionString"] = redis.ConnectionString })
        {
            Overrides = services => services.AddSingleton<IStateStore>(new SlowChatStates(new RedisStateStore(redis.Connection))),
        };
        var client = host.CreateClient();
        var started = await (await client.PostAsync("/v3/directline/conversations", null)).Content.ReadFromJsonAsync<Started>();
        var chat = With(host.CreateClient(), started!.Token);
        await SayAsync(chat, started.ConversationId, "hi");
        await SayAsync(chat, started.ConversationId, "English");

        // "1" at the home menu opens the documents; a second "1" there picks the national ID.
        await Task.WhenAll(SayAsync(chat, started.ConversationId, "1"), SayAsync(chat, started.ConversationId, "1"));
        var answers = (await ReadAsync(chat, started.ConversationId)).Activities.Where(a => a.From?.Role == "bot").TakeLast(2).Select(a => a.Text).ToList();
        Assert.Single(answers, t => t!.Contains("Which document?"));
        Assert.Single(answers, t => !t!.Contains("Which document?"));
        Assert.Equal(0, host.Services.GetRequiredService<Huduma.Contact.Bot.ConversationLocks>().Count);
    }
}
