using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

/// <summary>A page of the audit as supervisors read it, with the range actually read (clamped to the days still kept).</summary>
/// <param name="KeptDays">How long a day's entries are kept after it (Audit:RetentionDays).</param>
internal sealed record AuditPage(DateOnly From, DateOnly To, int Page, int Size, long Total, IReadOnlyList<PersonalDataView> Entries, int KeptDays);

/// <summary>
/// GET /agents/api/audit?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;page=1&amp;size=50 (supervisors and admins): who saw
/// which citizen's personal data, newest first, by Nairobi day. Without dates, the last seven days.
/// </summary>
internal static class PersonalDataAuditEndpoints
{
    public const int DefaultSize = 50, MaxSize = 500;

    public static void MapPersonalDataAudit(this IEndpointRouteBuilder app)
    {
        // Read now, which validates them: a wrong retention stops start-up with its message before anything is served.
        _ = app.ServiceProvider.GetRequiredService<AuditOptions>();
        app.MapGet("/agents/api/audit", Read).RequireAuthorization(AccountSetup.SupervisorPolicy);
    }

    private static async Task<IResult> Read(PersonalDataAudit audit, AuditOptions options, DateOnly? from, DateOnly? to, int? page, int? size, CancellationToken ct)
    {
        var today = audit.Today;
        var last = to ?? today;
        var first = from ?? last.AddDays(-6);
        if (first > last) return Results.Problem("from is after to", statusCode: 400);
        // Nothing is kept before the retention or written after today: the days read stay within those bounds.
        if (last > today) last = today;
        if (first < audit.FirstDayKept) first = audit.FirstDayKept;
        var (number, length) = (Math.Max(page ?? 1, 1), Math.Clamp(size ?? DefaultSize, 1, MaxSize));
        var read = first > last ? new PersonalDataViewPage([], 0)
            : await audit.ReadAsync(first, last, (int)Math.Min((long)(number - 1) * length, int.MaxValue), length, ct);
        return Results.Ok(new AuditPage(first, last, number, length, read.Total, read.Entries, options.RetentionDays));
    }
}
