using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Huduma.Contact.Bot.DirectLine;

/// <summary>
/// An Activity posted to us (Direct Line or the Bot Framework connector), read with the same refusals:
/// too large (413), not JSON (400) or not JSON at all (415), without a type (400), text too long (400).
/// </summary>
internal static class ActivityRequest
{
    /// <summary>The activity, or the problem to answer. <paramref name="headroom"/>: bytes allowed beyond the text.</summary>
    public static async Task<(Activity? Activity, IResult? Problem)> ReadAsync(HttpRequest request, DirectLineOptions limits, int headroom, CancellationToken ct)
    {
        if (request.ContentLength > limits.MaxTextLength * 4 + headroom) return (null, Results.Problem("the activity is too large", statusCode: 413));
        Activity? activity;
        try { activity = await request.ReadFromJsonAsync<Activity>(DirectLineJson.Options, ct); }
        catch (JsonException e) { return (null, Results.Problem($"the body is not an activity: {e.Message}", statusCode: 400)); }
        catch (InvalidOperationException e) { return (null, Results.Problem(e.Message, statusCode: 415)); }
        if (activity?.Type is not { Length: > 0 }) return (null, Results.Problem("an activity needs a type", statusCode: 400));
        return (activity, null);
    }

    public static IResult? TextTooLong(Activity activity, DirectLineOptions limits) =>
        activity.Text?.Length > limits.MaxTextLength ? Results.Problem($"text longer than {limits.MaxTextLength} characters", statusCode: 400) : null;
}
