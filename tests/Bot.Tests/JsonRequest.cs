using System.Text;
using Microsoft.AspNetCore.Http;

namespace Huduma.Contact.Bot.Tests;

/// <summary>
/// A request as ASP.NET Core hands it to an endpoint (a JSON body, a bearer credential), built without
/// a server, so the endpoint's handler method can be called directly.
/// </summary>
public static class JsonRequest
{
    public static HttpContext Post(string url, string? json, string? bearer = null)
    {
        var http = To(HttpMethods.Post, url, bearer);
        if (json is null) return http;
        var body = Encoding.UTF8.GetBytes(json);
        http.Request.ContentType = "application/json; charset=utf-8";
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body);
        return http;
    }

    public static HttpContext Get(string url, string? bearer = null) => To(HttpMethods.Get, url, bearer);

    private static HttpContext To(string method, string url, string? bearer)
    {
        var uri = new Uri(url);
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = method;
        request.Scheme = uri.Scheme;
        request.Host = new HostString(uri.Authority);
        request.Path = uri.AbsolutePath;
        request.QueryString = new QueryString(uri.Query);
        if (bearer is not null) request.Headers.Authorization = "Bearer " + bearer;
        return http;
    }
}
