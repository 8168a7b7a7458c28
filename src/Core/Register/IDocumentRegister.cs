namespace Huduma.Contact.Core.Register;

/// <summary>The register of documents, looked up by document (O(1)) and by phone number (O(1) index).</summary>
public interface IDocumentRegister
{
    Task UpsertAsync(RegisteredDocument document, CancellationToken ct = default);

    /// <summary>An upsert by a caller that has just read the stored version (<paramref name="old"/>, null when there is none): one read fewer.</summary>
    Task ReplaceAsync(RegisteredDocument? old, RegisteredDocument document, CancellationToken ct = default);
    Task UpsertManyAsync(IEnumerable<RegisteredDocument> documents, CancellationToken ct = default);
    Task<RegisteredDocument?> FindAsync(string type, string number, CancellationToken ct = default);
    Task<IReadOnlyList<RegisteredDocument>> FindByPhoneAsync(string msisdn, CancellationToken ct = default);
    Task<long> CountAsync(CancellationToken ct = default);

    /// <summary>Every document, in no particular order (campaigns select from it; Redis SCANs, so it never blocks the server).</summary>
    IAsyncEnumerable<RegisteredDocument> ScanAsync(CancellationToken ct = default);
}
