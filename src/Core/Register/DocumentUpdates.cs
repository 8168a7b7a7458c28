using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Register;

public enum UpdateOutcome { Unchanged, Created, Updated }

/// <summary>
/// Every change to the register goes through here (imports, the agencies' API), because a change can
/// start reminders: a document that becomes ready for collection gets its first one queued. Writing the
/// same document again changes nothing, so re-importing a file is harmless.
/// </summary>
public sealed class DocumentUpdates
{
    private readonly IDocumentRegister _register;
    private readonly IReminderStore _reminders;
    private readonly ReminderPolicy _policy;
    private readonly ReminderOptions _options;
    private readonly CampaignStats _campaigns;
    private readonly TimeProvider _clock;

    internal DocumentUpdates(IDocumentRegister register, IReminderStore reminders, ReminderPolicy policy,
        ReminderOptions options, CampaignStats campaigns, TimeProvider clock)
    {
        _register = register;
        _reminders = reminders;
        _policy = policy;
        _options = options;
        _campaigns = campaigns;
        _clock = clock;
    }

    /// <summary>
    /// The first reminder is queued a little ahead, before the document is written: a crash between the
    /// two leaves a reminder the sweep will skip (the document is not ready) rather than a ready
    /// document that is never reminded — and the re-import that follows a crash queues it again.
    /// </summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public async Task<UpdateOutcome> ApplyAsync(RegisteredDocument document, CancellationToken ct = default)
    {
        var old = await _register.FindAsync(document.Type, document.Number, ct);
        if (old is not null && SameAs(old, document)) return UpdateOutcome.Unchanged;
        if (BecomesReady(old, document)) await QueueFirstAsync(old, document, ct);
        await _register.ReplaceAsync(old, document, ct);
        // What shows reminders work: a document collected after a campaign reminded its holder.
        if (document.Status == DocumentStatus.Collected && old is { Status: not DocumentStatus.Collected })
            await _campaigns.CollectedAsync(document.Key, ct);
        return old is null ? UpdateOutcome.Created : UpdateOutcome.Updated;
    }

    /// <summary>Every field equal (the phone list by its items, not by reference).</summary>
    public static bool SameAs(RegisteredDocument a, RegisteredDocument b) => StateJson.Serialize(a) == StateJson.Serialize(b);

    /// <summary>Ready now and not before — or new to the register and ready recently (older ones are the backlog, for campaigns).</summary>
    private bool BecomesReady(RegisteredDocument? old, RegisteredDocument document)
    {
        if (document.Status != DocumentStatus.ReadyForCollection) return false;
        if (old is not null) return old.Status != DocumentStatus.ReadyForCollection;
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        return document.ReadyOn is { } ready && ready.AddDays(_options.NewReadyWithinDays) >= today;
    }

    private async Task QueueFirstAsync(RegisteredDocument? old, RegisteredDocument document, CancellationToken ct)
    {
        var first = new DueReminder(document.Key, 0);
        // A document that was ready, collected and is ready again does not start its reminders over.
        // (A document new to the register has no reminders yet: nothing to check.)
        if (old is not null && await _reminders.IsQueuedAsync(document.Key, ct)) return;
        if (old is not null && await _reminders.GetRecordAsync(first, ct) is { Mark: not ReminderMark.Skipped }) return;
        await _reminders.ScheduleAsync(first, _policy.NextAllowed(_clock.GetUtcNow() + Grace), ct);
    }
}
