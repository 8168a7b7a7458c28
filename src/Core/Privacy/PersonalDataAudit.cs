using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Privacy;

/// <summary>
/// Records every staff view of a citizen's personal data (Kenya's Data Protection Act asks who accessed it):
/// transcripts and SMS threads opened, numbers revealed, exports. Supervisors read it back by date range.
/// </summary>
public sealed class PersonalDataAudit
{
    private readonly IPersonalDataAuditStore _store;
    private readonly IStateStore _state;
    private readonly AuditOptions _options;
    private readonly TimeProvider _clock;

    internal PersonalDataAudit(IPersonalDataAuditStore store, IStateStore state, AuditOptions options, TimeProvider clock)
    {
        _store = store;
        _state = state;
        _options = options;
        _clock = clock;
    }

    /// <summary>Records a view now. <paramref name="detail"/> must not hold an unmasked number (use <see cref="Mask"/>).</summary>
    public async Task<PersonalDataView> RecordAsync(string who, string what, string subject, string? detail = null, string? from = null,
        string? via = null, CancellationToken ct = default)
    {
        var view = new PersonalDataView(Guid.NewGuid().ToString("N"), _clock.GetUtcNow(), who, what, subject, detail, from, via);
        await _store.AddAsync(view, ct);
        return view;
    }

    /// <summary>
    /// Records a view unless the same person had the same view of the same subject within the repeat window
    /// (a screen refreshing an open ticket): true when it was recorded.
    /// </summary>
    public async Task<bool> RecordOnceAsync(string who, string what, string subject, string? detail = null, string? from = null,
        string? via = null, CancellationToken ct = default)
    {
        if (_options.RepeatWindowMinutes > 0
            && !await _state.SetIfAbsentAsync($"audit:seen:{what}:{subject}:{who}", Seen.Instance, TimeSpan.FromMinutes(_options.RepeatWindowMinutes), ct))
            return false;
        await RecordAsync(who, what, subject, detail, from, via, ct);
        return true;
    }

    /// <summary>
    /// The days <paramref name="from"/> to <paramref name="to"/> (Nairobi), newest first. Days before the retention
    /// period are gone, so the range starts no earlier than the first day still kept.
    /// </summary>
    public Task<PersonalDataViewPage> ReadAsync(DateOnly from, DateOnly to, int skip, int take, CancellationToken ct = default)
    {
        var firstKept = FirstDayKept;
        return _store.ReadAsync(from < firstKept ? firstKept : from, to, skip, take, ct);
    }

    public DateOnly Today => NairobiDay.Of(_clock.GetUtcNow());

    /// <summary>The oldest day whose entries are still kept.</summary>
    public DateOnly FirstDayKept => Today.AddDays(-_options.RetentionDays);

    private sealed class Seen
    {
        public static readonly Seen Instance = new();
        public int V { get; set; } = 1;
    }
}
