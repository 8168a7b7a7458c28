using System.Diagnostics;

namespace Huduma.Contact.Core.Telemetry;

/// <summary>
/// The line's one <see cref="ActivitySource"/>: spans for a channel's turn, the dialog, the stores and an SMS
/// send, under ASP.NET Core's request span. Without a listener (tracing not configured) StartActivity returns
/// null and a span costs a field read. Attributes are bounded and never personal: a channel, a provider, a
/// dialog node id; never a phone number, a document number or a key that holds one.
/// </summary>
public static class HudumaActivity
{
    public const string SourceName = "Huduma.Contact";

    public static readonly ActivitySource Source = new(SourceName);

    public const string ChannelTag = "huduma.channel";
    public const string ProviderTag = "huduma.provider";
    public const string NodeTag = "huduma.dialog.node";

    /// <summary>A channel's handling of one request (a USSD hop, an inbound SMS, a voice step, a chat message).</summary>
    public static Activity? StartTurn(string name, string channel, string? provider = null)
    {
        var activity = Source.StartActivity(name);
        if (activity is null) return null;
        activity.SetTag(ChannelTag, channel);
        if (provider is not null) activity.SetTag(ProviderTag, provider);
        return activity;
    }

    /// <summary>
    /// The current span as a W3C traceparent, for work handed to another process or a queue (an SMS reply sent
    /// after the webhook's 200); null when nothing is being traced, so an untraced host stores nothing more.
    /// </summary>
    public static string? TraceParent() => Activity.Current is { Recorded: true } current ? current.Id : null;

    /// <summary>A span continuing the trace of <paramref name="traceParent"/> (see <see cref="TraceParent"/>), or a new trace without one.</summary>
    public static Activity? StartContinuing(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
