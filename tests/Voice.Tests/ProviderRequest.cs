using Microsoft.AspNetCore.Http;

namespace Huduma.Contact.Voice.Tests;

/// <summary>
/// A provider's webhook as ASP.NET Core hands it to an endpoint (a form post to a URL), built without a
/// server, so the endpoint's handler method can be called directly.
/// </summary>
public static class ProviderRequest
{
    public static HttpRequest FormPost(string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var uri = new Uri(url);
        var http = new DefaultHttpContext();
        var body = new FormUrlEncodedContent(form).ReadAsByteArrayAsync().GetAwaiter().GetResult();
        var request = http.Request;
        request.Method = HttpMethods.Post;
        request.Scheme = uri.Scheme;
        request.Host = new HostString(uri.Authority);
        request.Path = uri.AbsolutePath;
        request.QueryString = new QueryString(uri.Query);
        request.ContentType = "application/x-www-form-urlencoded";
        request.ContentLength = body.Length;
        request.Body = new MemoryStream(body);
        return request;
    }
}
