namespace Huduma.Contact.Core.Register.Import;

/// <summary>A row the import refused: its line in the file and why, in words an agency clerk can act on.</summary>
public sealed record BadRow(int Line, string Reason);

/// <summary>How far an import has got, for a progress bar.</summary>
public sealed record ImportProgress(long BytesRead, long TotalBytes, int Rows);

/// <summary>What an import did (or, on a dry run, would do).</summary>
public sealed class ImportReport
{
    public bool DryRun { get; init; }
    public int Rows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public List<BadRow> Bad { get; set; } = [];
    public TimeSpan Elapsed { get; set; }

    public int Accepted => Created + Updated + Unchanged;
}
