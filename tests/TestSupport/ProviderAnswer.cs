using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huduma.Contact.TestSupport;

/// <summary>What an endpoint's handler answered, read from its result as the provider would see it: status and body.</summary>
public static class ProviderAnswer
{
    public static (int Status, string Body) Of(IResult result) => result switch
    {
        ContentHttpResult content => (content.StatusCode ?? StatusCodes.Status200OK, content.ResponseContent ?? ""),
        IStatusCodeHttpResult status => (status.StatusCode ?? StatusCodes.Status200OK, ""),
        _ => Written(result),
    };

    /// <summary>A channel's own result (the USSD hop's answer writes straight into the response): run against a response in memory.</summary>
    private static (int Status, string Body) Written(IResult result)
    {
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;
        result.ExecuteAsync(http).GetAwaiter().GetResult();
        http.Response.BodyWriter.FlushAsync().AsTask().GetAwaiter().GetResult();
        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        if (http.Response.ContentLength is { } length && length != body.Length)
            throw new InvalidOperationException($"Content-Length {length} but {body.Length} bytes written");
        return (http.Response.StatusCode, text);
    }
}
