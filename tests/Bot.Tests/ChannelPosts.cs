using System.Net;
using System.Text.Json;
using Huduma.Contact.Bot.DirectLine;

namespace Huduma.Contact.Bot.Tests;

/// <summary>
/// The Bot Framework channel's side of the connector: the replies the bot posts to the conversation's
/// serviceUrl, caught by the HttpClient's handler (accepted with 200, nothing sent on a network).
/// </summary>
public sealed class ChannelPosts : HttpMessageHandler, IHttpClientFactory
{
    public sealed record Post(Uri Url, Activity Activity);

    private readonly List<Post> _posts = [];

    public IReadOnlyList<Post> All { get { lock (_posts) return [.. _posts]; } }

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var activity = JsonSerializer.Deserialize<Activity>(await request.Content!.ReadAsStringAsync(ct), DirectLineJson.Options)!;
        lock (_posts) _posts.Add(new Post(request.RequestUri!, activity));
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":"posted"}""") };
    }
}
