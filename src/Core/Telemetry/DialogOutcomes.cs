using System.Diagnostics.Metrics;
using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Telemetry;

/// <summary>
/// huduma_dialog_outcomes_total {channel, outcome}: what the dialogs achieve, on every channel. A status
/// lookup is counted where every channel's lookup is decided (<see cref="Register.StatusLookup"/>); a handoff
/// to an agent or a call-back request when its ticket opens, whichever channel opened it.
/// </summary>
internal sealed class DialogOutcomes : IEscalationListener
{
    /// <summary>The asker got the document's status.</summary>
    public const string StatusFound = "status_found";
    /// <summary>The register has no such document.</summary>
    public const string StatusNotFound = "status_not_found";
    /// <summary>The document exists but the asker is not shown it (not the phone on record, no or a wrong reference), or the rate limit stopped the lookup.</summary>
    public const string StatusRefused = "status_refused";
    public const string Handoff = "handoff";
    public const string Callback = "callback";

    private readonly Counter<long> _outcomes;

    public DialogOutcomes(IMeterFactory meters) =>
        _outcomes = HudumaMeter.Of(meters).CreateCounter<long>("huduma.dialog.outcomes", description: "Status lookups, handoffs and call-back requests, by channel");

    public void Record(string channel, string outcome) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A ticket opened: a call-back request, or a citizen handed to an agent (chat, SMS AGENT, voice 0).</summary>
    public Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct)
    {
        if (before is null) Record(after.Channel, after.Reason == EscalationReasons.Callback ? Callback : Handoff);
        return Task.CompletedTask;
    }
}
