using Huduma.Contact.Core.Register.Import;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Host.Admin;

/// <summary>An import started from /admin, as the page polls it (huduma:import:{id}, kept a day).</summary>
internal sealed class ImportStatus
{
    public string Id { get; set; } = "";
    public string FileName { get; set; } = "";
    public string StartedBy { get; set; } = "";
    public bool DryRun { get; set; }
    public string State { get; set; } = "running"; // running, done, failed
    public long BytesRead { get; set; }
    public long TotalBytes { get; set; }
    public int Rows { get; set; }
    public ImportReport? Report { get; set; }
    /// <summary>All the refused rows; <see cref="Report"/> keeps the first <see cref="ImportJobs.BadRowsKept"/> of them.</summary>
    public int Refused { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>
/// Runs uploaded imports in the background on the host that received the file, writing progress to the
/// state store so that whichever host the page's next poll reaches can answer it. A host that dies
/// mid-import leaves whole documents (see <see cref="RegisterImporter"/>); importing the file again finishes it.
/// </summary>
internal sealed class ImportJobs(RegisterImporter importer, IStateStore store, TimeProvider clock, ILogger<ImportJobs> logger)
{
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);
    public const int BadRowsKept = 1000;
    private static string Key(string id) => $"import:{id}";

    public Task<ImportStatus?> GetAsync(string id, CancellationToken ct = default) => store.GetAsync<ImportStatus>(Key(id), ct);

    public async Task<ImportStatus> StartAsync(IFormFile file, bool dryRun, string by, CancellationToken ct)
    {
        // The upload is copied first: the request's stream is gone when the request ends.
        var path = Path.Combine(Path.GetTempPath(), $"huduma-import-{Guid.NewGuid():N}.csv");
        await using (var copy = File.Create(path)) await file.CopyToAsync(copy, ct);
        var status = new ImportStatus
        {
            Id = Guid.NewGuid().ToString("N")[..12], FileName = Path.GetFileName(file.FileName), StartedBy = by, DryRun = dryRun,
            TotalBytes = file.Length, StartedAt = clock.GetUtcNow(),
        };
        await store.SetAsync(Key(status.Id), status, Kept, ct);
        _ = Task.Run(() => RunAsync(status, path));
        return status;
    }

    private async Task RunAsync(ImportStatus status, string path)
    {
        // Progress is saved by its own loop every half second (it is for people, not a write per chunk),
        // never by blocking the importer's thread on a write.
        using var stopSaving = new CancellationTokenSource();
        var saving = SaveProgressAsync(status, stopSaving.Token);
        try
        {
            await using var file = File.OpenRead(path);
            status.Report = await importer.ImportAsync(file, status.DryRun, new SynchronousProgress(p =>
                (status.BytesRead, status.Rows) = (p.BytesRead, p.Rows)));
            await stopSaving.CancelAsync();
            await saving;
            status.Refused = status.Report.Bad.Count;
            if (status.Report.Bad.Count > BadRowsKept) status.Report.Bad = status.Report.Bad[..BadRowsKept];
            status.State = "done";
            logger.LogInformation("Import {Id} ({File}) by {By}: {Created} new, {Updated} changed, {Unchanged} unchanged, {Bad} refused{DryRun}",
                status.Id, status.FileName, status.StartedBy, status.Report.Created, status.Report.Updated, status.Report.Unchanged,
                status.Report.Bad.Count, status.DryRun ? " (dry run)" : "");
        }
        catch (Exception e)
        {
            status.State = "failed";
            status.Error = e is InvalidDataException ? e.Message : $"the import stopped: {e.Message}";
            logger.LogError(e, "Import {Id} ({File}) failed", status.Id, status.FileName);
        }
        finally
        {
            await stopSaving.CancelAsync();
            await saving;
            File.Delete(path);
        }
        await store.SetAsync(Key(status.Id), status, Kept);
    }

    private async Task SaveProgressAsync(ImportStatus status, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, stop);
                await store.SetAsync(Key(status.Id), status, Kept, stop);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { logger.LogWarning(e, "Import {Id}: progress not saved", status.Id); }
    }

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
