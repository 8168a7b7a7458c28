using Huduma.Contact.Host.Wiring;

namespace Huduma.Contact.Host.Simulator;

/// <summary>
/// The simulator's phone reaches the channels through the host, which vouches for it: POST /simulator/ussd,
/// /simulator/sms and /simulator/voice are rewritten, before routing, to the real Africa's Talking
/// callbacks and marked as the host's own, so the callback filter lets them in without the secret and
/// the page never holds it. When the simulator is off, everything under /simulator is 404 (the page's
/// static files too).
/// </summary>
internal static class SimulatorForwarding
{
    private const string ForwardedItem = "huduma.simulator";

    private static readonly Dictionary<string, string> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/simulator/ussd"] = "/ussd/africastalking",
        ["/simulator/sms"] = "/sms/africastalking/inbound",
        ["/simulator/voice"] = "/voice/africastalking",
    };

    /// <summary>True for a request the simulator page made and the host forwarded.</summary>
    public static bool IsForwarded(HttpContext http) => http.Items.ContainsKey(ForwardedItem);

    /// <summary>Goes before routing, so a forwarded request is routed to the channel it was rewritten to.</summary>
    public static void UseSimulatorForwarding(this WebApplication app)
    {
        var enabled = app.Services.GetRequiredService<SimulatorOptions>().Enabled;
        app.Use((http, next) =>
        {
            var path = http.Request.Path.Value ?? "";
            if (!path.StartsWith("/simulator", StringComparison.OrdinalIgnoreCase)) return next(http);
            if (!enabled)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            if (HttpMethods.IsPost(http.Request.Method) && Channels.TryGetValue(path, out var channel))
            {
                http.Request.Path = channel;
                http.Items[ForwardedItem] = true;
            }
            return next(http);
        });
    }
}
