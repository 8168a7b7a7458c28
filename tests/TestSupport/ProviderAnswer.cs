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
        _ => throw new InvalidOperationException($"unexpected result {result.GetType().Name}"),
    };
}
