using Huduma.Contact.Core.Register.Import;
using Huduma.Contact.Host.Wiring;
using Spectre.Console;

namespace Huduma.Contact.Host.Commands;

/// <summary>
/// `dotnet run --project src/Host -- import FILE.csv [--dry-run]`: imports a register file into the
/// configured stores (Redis__ConnectionString) with a progress bar, then prints the report and the bad
/// rows. Exit code 0 when every row was accepted, 1 when some were refused, 2 when the file could not be read.
/// </summary>
internal static class ImportCommand
{
    public const string Name = "import";
    public const string Usage = "dotnet run --project src/Host -- import FILE.csv [--dry-run]";
    internal static readonly string[] Options = ["--dry-run"];

    public static async Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, string[] args, IAnsiConsole console)
    {
        var dryRun = args.Contains("--dry-run");
        var path = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--"));
        if (path is null)
        {
            HostCommands.PrintUsage(console, Usage);
            console.MarkupLine($"the file's header row: [bold]{RegisterCsv.Header}[/]");
            return 2;
        }
        if (!File.Exists(path))
        {
            console.MarkupLineInterpolated($"[red]no such file:[/] {path}");
            return 2;
        }
        if (!StoreRegistration.UsesRedis(configuration) && !dryRun)
            console.MarkupLine("[yellow]Redis__ConnectionString is not set: this import goes into this process's memory and is gone when it exits. Use --dry-run to check a file, or set Redis__ConnectionString.[/]");

        var importer = services.GetRequiredService<RegisterImporter>();
        ImportReport report;
        try
        {
            await using var file = File.OpenRead(path);
            report = await console.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var task = progress.AddTask(dryRun ? "Checking" : "Importing", maxValue: Math.Max(1, file.Length));
                return await importer.ImportAsync(file, dryRun, new Progress<ImportProgress>(p =>
                {
                    task.Value = p.BytesRead;
                    task.Description = $"{(dryRun ? "Checking" : "Importing")} ({p.Rows:N0} rows)";
                }));
            });
        }
        catch (InvalidDataException e)
        {
            console.MarkupLineInterpolated($"[red]cannot import {path}:[/] {e.Message}");
            return 2;
        }

        Print(console, path, report);
        return report.Bad.Count == 0 ? 0 : 1;
    }

    private static void Print(IAnsiConsole console, string path, ImportReport report)
    {
        var table = new Table().AddColumns("rows", "created", "updated", "unchanged", "refused", "time");
        table.AddRow($"{report.Rows:N0}", $"{report.Created:N0}", $"{report.Updated:N0}", $"{report.Unchanged:N0}", $"{report.Bad.Count:N0}",
            $"{report.Elapsed.TotalSeconds:N1} s");
        console.MarkupLineInterpolated($"{(report.DryRun ? "Dry run (nothing written)" : "Imported")}: {path}");
        console.Write(table);
        foreach (var bad in report.Bad.Take(200)) console.MarkupLineInterpolated($"  line {bad.Line}: {bad.Reason}");
        if (report.Bad.Count > 200) console.MarkupLineInterpolated($"  … and {report.Bad.Count - 200:N0} more refused rows");
    }
}
