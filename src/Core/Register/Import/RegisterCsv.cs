using CsvHelper;

namespace Huduma.Contact.Core.Register.Import;

/// <summary>One data row of a register file as written, with its line number, before any checking.</summary>
public sealed record RegisterRow(int Line, long ByteOffset, IReadOnlyDictionary<string, string> Fields)
{
    public string Get(string column) => Fields.TryGetValue(column, out var v) ? v.Trim() : "";
}

/// <summary>
/// The register file agencies send: CSV (UTF-8; comma, semicolon or tab) with a header row naming these
/// columns in any order and case: type, number, holder_name, phone (several separated by ';' or '|'),
/// centre, status (in_process, ready, collected, returned), waiting_card_ref, applied_on, ready_on,
/// collected_on (dates yyyy-MM-dd).
/// </summary>
public static class RegisterCsv
{
    public static readonly string[] Required = ["type", "number", "holder_name", "phone", "centre", "status", "waiting_card_ref"];

    public const string Header = "type,number,holder_name,phone,centre,status,waiting_card_ref,applied_on,ready_on,collected_on";

    /// <summary>The rows of a file; a header without the required columns is refused before any row is read.</summary>
    public static async IAsyncEnumerable<RegisterRow> ReadAsync(Stream file,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var options = new CsvReaderOptions { TrimWhitespace = true, TrackLineNumbers = true, NormalizeHeaderName = h => h.Trim().ToLowerInvariant() };
        await using var csv = CsvReader.Create(file, options, leaveOpen: true);
        await csv.ReadHeaderAsync(ct);
        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = Required.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"the header row lacks column(s) {string.Join(", ", missing)}; expected: {Header}");
        while (await csv.ReadAsync(ct))
        {
            var fields = new Dictionary<string, string>(header.Length);
            for (var i = 0; i < header.Length; i++) fields[header[i]] = i < csv.FieldCount ? csv.GetString(i) : "";
            if (fields.Values.All(string.IsNullOrWhiteSpace)) continue;
            yield return new RegisterRow((int)csv.LineNumber, csv.ByteOffset, fields);
        }
    }
}
