using System.Text.Json;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Register.Import;

namespace Huduma.Contact.Host.Register;

/// <summary>A document as agencies send it (JSON), checked by the same rules as a CSV row.</summary>
internal sealed record AgencyDocument(string? Type, string? Number, string? HolderName, string[]? Phones, string? Centre, string? Status,
    string? WaitingCardRef, string? AppliedOn, string? ReadyOn, string? CollectedOn);

internal sealed record StatusChange(string? Status, string? Date);

internal sealed record RefusedDocument(int Index, string Reason);

internal sealed record AgencyWriteResult(int Created, int Updated, int Unchanged, IReadOnlyList<RefusedDocument> Refused);

/// <summary>
/// The agencies' register API, behind <see cref="AgencyKeyFilter"/>:
/// PUT /api/register/documents (an array of documents: upsert), POST /api/register/documents/{type}/{number}/status
/// (collected, returned, ready…), GET /api/register/documents/{type}/{number}. Every write goes through
/// <see cref="DocumentUpdates"/>, so a document that becomes ready gets its reminders.
/// </summary>
internal static class AgencyApi
{
    public const int MaxDocumentsPerRequest = 1000;

    public static RouteGroupBuilder MapAgencyApi(this IEndpointRouteBuilder app, AgencyKeyFilter filter)
    {
        var group = app.MapGroup("/api/register/documents").AddEndpointFilter(filter).DisableAntiforgery();
        group.MapPut("", PutDocuments);
        group.MapPost("/{type}/{number}/status", ChangeStatus);
        group.MapGet("/{type}/{number}", GetDocument);
        return group;
    }

    private static async Task<IResult> PutDocuments(HttpContext http, RegisterImporter importer, DocumentUpdates updates, ILoggerFactory loggers, CancellationToken ct)
    {
        AgencyDocument[]? documents;
        try { documents = await http.Request.ReadFromJsonAsync<AgencyDocument[]>(ct); }
        catch (JsonException e) { return Results.Problem($"the body is not a JSON array of documents: {e.Message}", statusCode: 400); }
        catch (InvalidOperationException e) { return Results.Problem(e.Message, statusCode: 415); }
        if (documents is null || documents.Length == 0) return Results.Problem("send a JSON array of one or more documents", statusCode: 400);
        if (documents.Length > MaxDocumentsPerRequest) return Results.Problem($"at most {MaxDocumentsPerRequest} documents a request", statusCode: 413);

        int created = 0, updated = 0, unchanged = 0;
        var refused = new List<RefusedDocument>();
        var seen = new HashSet<string>();
        for (var i = 0; i < documents.Length; i++)
        {
            var (document, reason) = importer.Parse(AsRow(i, documents[i]));
            if (document is not null && !seen.Add(document.Key)) (document, reason) = (null, "duplicate of an earlier document in this request");
            if (document is null)
            {
                refused.Add(new RefusedDocument(i, reason!));
                continue;
            }
            switch (await updates.ApplyAsync(document, ct))
            {
                case UpdateOutcome.Created: created++; break;
                case UpdateOutcome.Updated: updated++; break;
                default: unchanged++; break;
            }
        }
        loggers.CreateLogger(typeof(AgencyApi)).LogInformation("Register API: {Agency} wrote {Created} new, {Updated} changed, {Unchanged} unchanged, {Refused} refused",
            http.Items[AgencyKeyFilter.AgencyItem], created, updated, unchanged, refused.Count);
        return Results.Ok(new AgencyWriteResult(created, updated, unchanged, refused));
    }

    private static async Task<IResult> ChangeStatus(string type, string number, HttpContext http, IDocumentRegister register, DocumentUpdates updates,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        StatusChange? change;
        try { change = await http.Request.ReadFromJsonAsync<StatusChange>(ct); }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return Results.Problem($"the body is not a status change: {e.Message}", statusCode: 400); }
        if (RegisterImporter.ParseStatus(change?.Status ?? "") is not { } status)
            return Results.Problem("status must be in_process, ready, collected or returned", statusCode: 400);
        DateOnly date;
        if (string.IsNullOrEmpty(change!.Date)) date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        else if (!DateOnly.TryParseExact(change.Date, "yyyy-MM-dd", out date)) return Results.Problem("date must be yyyy-MM-dd", statusCode: 400);

        var document = await register.FindAsync(type, number, ct);
        if (document is null) return Results.Problem($"no {type} {Mask.Number(number)} in the register", statusCode: 404);
        var changed = document with
        {
            Status = status,
            ReadyOn = status == DocumentStatus.ReadyForCollection ? document.ReadyOn ?? date : document.ReadyOn,
            CollectedOn = status == DocumentStatus.Collected ? date : document.CollectedOn,
        };
        var outcome = await updates.ApplyAsync(changed, ct);
        loggers.CreateLogger(typeof(AgencyApi)).LogInformation("Register API: {Agency} set {Type} {Number} to {Status}",
            http.Items[AgencyKeyFilter.AgencyItem], type, Mask.Number(number), status);
        return Results.Ok(new { outcome = outcome.ToString(), status = status.ToString() });
    }

    private static async Task<IResult> GetDocument(string type, string number, IDocumentRegister register, CancellationToken ct) =>
        await register.FindAsync(type, number, ct) is { } document ? Results.Ok(document) : Results.Problem("not in the register", statusCode: 404);

    private static RegisterRow AsRow(int index, AgencyDocument d) => new(index, 0, new Dictionary<string, string>
    {
        ["type"] = d.Type ?? "", ["number"] = d.Number ?? "", ["holder_name"] = d.HolderName ?? "",
        ["phone"] = string.Join(';', d.Phones ?? []), ["centre"] = d.Centre ?? "", ["status"] = d.Status ?? "",
        ["waiting_card_ref"] = d.WaitingCardRef ?? "", ["applied_on"] = d.AppliedOn ?? "", ["ready_on"] = d.ReadyOn ?? "",
        ["collected_on"] = d.CollectedOn ?? "",
    });
}
