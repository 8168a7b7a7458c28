using System.Globalization;
using CsvHelper;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Agents;

/// <summary>
/// GET /agents/api/export.csv?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;channel=&amp;agent=&amp;centre= (supervisors and
/// admins): the tickets resolved in those Nairobi days (the ones the range's figures count), oldest first, as
/// CSV (RFC 4180; a field a spreadsheet would run as a formula is escaped). Personal data is masked: phone and
/// document numbers as <see cref="Mask"/> writes them, and no transcript, path or call note is exported (a
/// citizen types numbers and names into them). "centre" is the collection centre the register names for the
/// ticket's document (a ticket has no centre of its own; empty for a ticket about no registered document).
/// Each export is audited before its first byte (<see cref="PersonalDataKinds.Export"/>: who, which days and
/// filter, when, from where), and streamed a day of tickets at a time, so a year's export is not held in memory.
/// </summary>
internal static class TicketExport
{
    public static readonly string[] Header =
    [
        "reference", "channel", "language", "reason", "created", "claimed", "resolved", "wait_seconds", "handling_seconds", "agent",
        "resolution", "rating", "phone", "document_type", "document_number", "centre", "call_attempts",
    ];

    // Register reads for the centres go out together, this many tickets at a time.
    private const int Batch = 200;

    public static void MapTicketExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/agents/api/export.csv", Export).RequireAuthorization(AccountSetup.SupervisorPolicy);

    private static async Task<IResult> Export(HttpContext http, IEscalationStore store, IDocumentRegister register, PersonalDataAudit audit,
        DailyCounters daily, string? from, string? to, string? channel, string? agent, string? centre, CancellationToken ct)
    {
        var (range, error) = DayRange.Parse(from, to, daily.Today);
        if (range is null) return Results.Problem(error, statusCode: 400);
        var filter = new ExportFilter(Blank(channel), Blank(agent), Blank(centre));
        await audit.RecordAsync(http.User.Identity?.Name ?? "?", PersonalDataKinds.Export, $"tickets {range}", filter.ToString(),
            http.Connection.RemoteIpAddress?.ToString(), "console", ct);
        return Results.Stream(body => WriteAsync(body, store, register, range, filter, http.RequestAborted), "text/csv; charset=utf-8",
            $"huduma-tickets-{range.From:yyyy-MM-dd}-to-{range.To:yyyy-MM-dd}.csv");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record ExportFilter(string? Channel, string? Agent, string? Centre)
    {
        public bool Keeps(Escalation t) => (Channel is null || t.Channel == Channel) && (Agent is null || t.Agent == Agent);
        public override string ToString() => $"channel={Channel ?? "all"}, agent={Agent ?? "all"}, centre={Centre ?? "all"}";
    }

    private static async Task WriteAsync(Stream body, IEscalationStore store, IDocumentRegister register, DayRange range, ExportFilter filter,
        CancellationToken ct)
    {
        var options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };
        await using var csv = CsvWriter.Create(body, options, leaveOpen: true);
        await csv.WriteRecordAsync(Header, ct);
        var batch = new List<Escalation>(Batch);
        await foreach (var ticket in store.ResolvedBetweenAsync(range.Start, range.End, ct))
        {
            if (!filter.Keeps(ticket)) continue;
            batch.Add(ticket);
            if (batch.Count == Batch) await WriteBatchAsync(csv, register, batch, filter, ct);
        }
        await WriteBatchAsync(csv, register, batch, filter, ct);
        await csv.FlushAsync(ct);
    }

    private static async Task WriteBatchAsync(CsvWriter csv, IDocumentRegister register, List<Escalation> batch, ExportFilter filter, CancellationToken ct)
    {
        var centres = await Task.WhenAll(batch.Select(async t =>
            t is { DocumentType: { } type, DocumentNumber: { } number } ? (await register.FindAsync(type, number, ct))?.CentreId : null));
        for (var i = 0; i < batch.Count; i++)
            if (filter.Centre is null || centres[i] == filter.Centre) await csv.WriteRecordAsync(Row(batch[i], centres[i]), ct);
        batch.Clear();
    }

    public static string[] Row(Escalation t, string? centre) =>
    [
        t.Reference, t.Channel, t.Language, t.Reason, Nairobi(t.CreatedAt), Nairobi(t.ClaimedAt), Nairobi(t.ResolvedAt),
        Seconds(t.CreatedAt, t.ClaimedAt), Seconds(t.ClaimedAt, t.ResolvedAt), t.Agent ?? "", t.Resolution ?? "",
        t.Rating?.ToString(CultureInfo.InvariantCulture) ?? "", t.Msisdn is null ? "" : Mask.Phone(t.Msisdn), t.DocumentType ?? "",
        t.DocumentNumber is null ? "" : Mask.Number(t.DocumentNumber), centre ?? "", t.Calls.Count.ToString(CultureInfo.InvariantCulture),
    ];

    private static string Nairobi(DateTimeOffset? at) =>
        at?.ToOffset(DailyCounters.Nairobi).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    // Wait for a ticket withdrawn before a claim, and handling, are empty rather than zero.
    private static string Seconds(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } s && end is { } e ? Math.Round((e - s).TotalSeconds).ToString(CultureInfo.InvariantCulture) : "";
}
