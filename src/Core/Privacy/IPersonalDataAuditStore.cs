namespace Huduma.Contact.Core.Privacy;

/// <summary>
/// Where the audit of staff views of personal data is kept: one bucket per day in Nairobi, each kept whole
/// until <see cref="AuditOptions.RetentionDays"/> after its day ended, never cut to a number of entries.
/// In memory on the embedded default, Redis in production; both pass the same contract tests.
/// </summary>
internal interface IPersonalDataAuditStore
{
    /// <summary>Keeps the entry in the bucket of its day (<see cref="PersonalDataView.At"/> in Nairobi).</summary>
    Task AddAsync(PersonalDataView view, CancellationToken ct = default);

    /// <summary>
    /// Entries of the days <paramref name="from"/> to <paramref name="to"/> (Nairobi, both included), newest first,
    /// skipping <paramref name="skip"/> and taking at most <paramref name="take"/>; with the range's total.
    /// </summary>
    Task<PersonalDataViewPage> ReadAsync(DateOnly from, DateOnly to, int skip, int take, CancellationToken ct = default);
}
