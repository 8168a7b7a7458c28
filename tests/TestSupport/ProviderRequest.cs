using Microsoft.AspNetCore.Http;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// A provider's webhook as ASP.NET Core hands it to an endpoint (a form post to a URL), built without a
/// server, so the endpoint's handler method can be called directly.
/// </summary>
public static class ProviderRequest
{
    public static HttpRequest FormPost(string url, IEnumerable<KeyValuePair<string, string>> form) =>
        FormPost(url, new FormUrlEncodedContent(form).ReadAsStringAsync().GetAwaiter().GetResult());

    /// <summary>A form post with the body exactly as the provider sends it (already URL-encoded).</summary>
    public static HttpRequest FormPost(string url, string body)
    {
        var uri = new Uri(url);
        var http = new DefaultHttpContext();
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var request = http.Request;
        request.Method = HttpMethods.Post;
        request.Scheme = uri.Scheme;
        request.Host = new HostString(uri.Authority);
        request.Path = uri.AbsolutePath;
        request.QueryString = new QueryString(uri.Query);
        request.ContentType = "application/x-www-form-urlencoded";
        request.ContentLength = bytes.Length;
        request.Body = new MemoryStream(bytes);
        return request;
    }
}
