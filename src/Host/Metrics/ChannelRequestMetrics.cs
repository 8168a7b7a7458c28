using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Huduma.Contact.Core.Telemetry;

namespace Huduma.Contact.Host.Metrics;

/// <summary>
/// huduma_channel_request_duration_seconds {channel, provider, outcome}: every request a provider posts to a
/// channel (USSD hops and session ends, SMS inbound and delivery reports, voice callbacks, Direct Line's tokens,
/// conversation starts and activities, /api/messages), timed by an endpoint filter the host puts first on each channel's routes, so it
/// also sees the refusals of the filters after it. Outcome: answered (2xx/3xx), refused (4xx: a bad token or
/// signature, a malformed form), failed (5xx or an exception). Only POSTs: the Direct Line stream and its polling
/// are a client waiting, not a request being answered.
/// </summary>
internal sealed class ChannelRequestMetrics(IMeterFactory meters)
{
    public const string Answered = "answered", Refused = "refused", Failed = "failed";

    private readonly Histogram<double> _duration = HudumaMeter.Of(meters).CreateHistogram("huduma.channel.request.duration", "s",
        "Provider requests to a channel, by channel, provider and outcome", advice: HudumaMeter.Seconds);

    /// <summary>The filter for one channel's routes of one provider (channel: ussd, sms, voice, chat; provider: one of Core's <see cref="Core.Providers"/>).</summary>
    public IEndpointFilter For(string channel, string provider) => new Timer(_duration, channel, provider);

    public static string OutcomeOf(int status) => status >= 500 ? Failed : status >= 400 ? Refused : Answered;

    private sealed class Timer(Histogram<double> duration, string channel, string provider) : IEndpointFilter
    {
        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
            HttpMethods.IsPost(context.HttpContext.Request.Method) ? TimeAsync(context, next) : next(context);

        // Pooled: timing a request allocates nothing once the pool is warm.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<object?> TimeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var started = Stopwatch.GetTimestamp();
            var outcome = Failed;
            try
            {
                var result = await next(context);
                // The result is written after the filters: its own status, else what the handler set.
                outcome = OutcomeOf(result is IStatusCodeHttpResult { StatusCode: { } code } ? code : context.HttpContext.Response.StatusCode);
                return result;
            }
            finally
            {
                // A request its caller gave up on is nobody's failure: not counted.
                if (!context.HttpContext.RequestAborted.IsCancellationRequested)
                    duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("channel", channel),
                        new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
            }
        }
    }
}
