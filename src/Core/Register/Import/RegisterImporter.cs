using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Privacy;

namespace Huduma.Contact.Core.Register.Import;

/// <summary>
/// Imports a register file: every row checked (a bad one is reported with its line and reason, and the
/// rest go on), each good row written as one document through <see cref="DocumentUpdates"/> — an upsert,
/// so importing the same file again changes nothing, and a document that becomes ready gets its
/// reminders. Each document is a single write: a crash mid-import leaves whole documents or none.
/// A dry run checks everything and writes nothing.
/// </summary>
public sealed class RegisterImporter(ContentBundle content, IDocumentRegister register, DocumentUpdates updates)
{
    /// <summary>Rows written at once: the Redis client pipelines them.</summary>
    public int Parallelism { get; init; } = 64;
    private const int ChunkSize = 2_000;

    public async Task<ImportReport> ImportAsync(Stream file, bool dryRun, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var report = new ImportReport { DryRun = dryRun };
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var chunk = new List<RegisteredDocument>(ChunkSize);
        var total = file.CanSeek ? file.Length : 0;
        long position = 0;
        await foreach (var row in RegisterCsv.ReadAsync(file, ct))
        {
            ct.ThrowIfCancellationRequested();
            position = row.ByteOffset;
            report.Rows++;
            var (document, reason) = Parse(row);
            if (document is not null && !firstLine.TryAdd(document.Key, row.Line))
            {
                reason = $"duplicate: {document.Type} {Mask.Number(document.Number)} is also on line {firstLine[document.Key]}";
                document = null;
            }
            if (document is null) report.Bad.Add(new BadRow(row.Line, reason!));
            else chunk.Add(document);
            if (chunk.Count == ChunkSize)
            {
                await ApplyAsync(chunk, dryRun, report, ct);
                chunk.Clear();
                progress?.Report(new ImportProgress(position, total, report.Rows));
            }
        }
        await ApplyAsync(chunk, dryRun, report, ct);
        progress?.Report(new ImportProgress(total, total, report.Rows));
        report.Elapsed = watch.Elapsed;
        return report;
    }

    private async Task ApplyAsync(List<RegisteredDocument> documents, bool dryRun, ImportReport report, CancellationToken ct)
    {
        var created = 0; var updated = 0; var unchanged = 0;
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (document, token) =>
        {
            var outcome = dryRun ? await WouldAsync(document, token) : await updates.ApplyAsync(document, token);
            switch (outcome)
            {
                case UpdateOutcome.Created: Interlocked.Increment(ref created); break;
                case UpdateOutcome.Updated: Interlocked.Increment(ref updated); break;
                default: Interlocked.Increment(ref unchanged); break;
            }
        });
        report.Created += created; report.Updated += updated; report.Unchanged += unchanged;
    }

    private async Task<UpdateOutcome> WouldAsync(RegisteredDocument document, CancellationToken ct) =>
        await register.FindAsync(document.Type, document.Number, ct) switch
        {
            null => UpdateOutcome.Created,
            var old when DocumentUpdates.SameAs(old, document) => UpdateOutcome.Unchanged,
            _ => UpdateOutcome.Updated,
        };

    /// <summary>A row as a document, or the reason it is not one.</summary>
    public (RegisteredDocument? Document, string? Reason) Parse(RegisterRow row)
    {
        var missing = RegisterCsv.Required.Where(c => row.Get(c).Length == 0).ToList();
        if (missing.Count > 0) return (null, $"missing {string.Join(", ", missing)}");

        var typeId = row.Get("type").ToLowerInvariant();
        var type = content.Document(typeId);
        if (type is null) return (null, $"unknown type '{row.Get("type")}' (known: {string.Join(", ", content.Documents.Select(d => d.Id))})");
        var number = row.Get("number").Replace(" ", "").ToUpperInvariant();
        if (!Regex.IsMatch(number, type.Pattern, RegexOptions.IgnoreCase))
            return (null, $"bad number for {typeId}: expected {type.Hint?[Language.En] ?? type.Pattern}");

        var phones = new List<string>();
        foreach (var raw in row.Get("phone").Split([';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Msisdn.Normalize(raw) is not { } phone) return (null, $"bad phone '{Mask.Phone(raw)}': not a valid phone number");
            if (!phones.Contains(phone)) phones.Add(phone);
        }
        if (phones.Count == 0) return (null, "missing phone");

        var centre = content.Centre(row.Get("centre"));
        if (centre is null) return (null, $"unknown centre '{row.Get("centre")}' (use the centre ids in content/centres.yaml)");

        if (ParseStatus(row.Get("status")) is not { } status)
            return (null, $"unknown status '{row.Get("status")}' (use in_process, ready, collected or returned)");

        DateOnly? Date(string column, out string? error)
        {
            error = null;
            var value = row.Get(column);
            if (value.Length == 0) return null;
            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            error = $"bad {column} '{value}': use yyyy-MM-dd";
            return null;
        }
        var applied = Date("applied_on", out var e1);
        var ready = Date("ready_on", out var e2);
        var collected = Date("collected_on", out var e3);
        if ((e1 ?? e2 ?? e3) is { } dateError) return (null, dateError);

        return (new RegisteredDocument
        {
            Type = typeId, Number = number, HolderName = row.Get("holder_name"), Phones = phones, CentreId = centre.Id,
            Status = status, WaitingCardRef = row.Get("waiting_card_ref").ToUpperInvariant(),
            AppliedOn = applied ?? default, ReadyOn = ready, CollectedOn = collected,
        }, null);
    }

    public static DocumentStatus? ParseStatus(string value) => value.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_') switch
    {
        "in_process" or "processing" or "inprocess" => DocumentStatus.InProcess,
        "ready" or "ready_for_collection" or "readyforcollection" => DocumentStatus.ReadyForCollection,
        "collected" => DocumentStatus.Collected,
        "returned" => DocumentStatus.Returned,
        _ => null,
    };
}
