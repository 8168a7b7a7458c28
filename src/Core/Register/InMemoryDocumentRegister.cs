using System.Collections.Concurrent;

namespace Huduma.Contact.Core.Register;

internal sealed class InMemoryDocumentRegister : IDocumentRegister
{
    private readonly ConcurrentDictionary<string, RegisteredDocument> _documents = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byPhone = new();

    public Task UpsertAsync(RegisteredDocument document, CancellationToken ct = default)
    {
        if (_documents.TryGetValue(document.Key, out var old))
            foreach (var phone in old.Phones.Except(document.Phones))
                if (_byPhone.TryGetValue(phone, out var set)) set.TryRemove(document.Key, out _);
        foreach (var phone in document.Phones)
            _byPhone.GetOrAdd(phone, _ => new())[document.Key] = 0;
        _documents[document.Key] = document;
        return Task.CompletedTask;
    }

    public Task ReplaceAsync(RegisteredDocument? old, RegisteredDocument document, CancellationToken ct = default) => UpsertAsync(document, ct);

    public async Task UpsertManyAsync(IEnumerable<RegisteredDocument> documents, CancellationToken ct = default)
    {
        foreach (var d in documents) await UpsertAsync(d, ct);
    }

    public Task<RegisteredDocument?> FindAsync(string type, string number, CancellationToken ct = default) =>
        Task.FromResult(_documents.GetValueOrDefault(RegisteredDocument.DocumentKey(type, number)));

    public Task<IReadOnlyList<RegisteredDocument>> FindByPhoneAsync(string msisdn, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<RegisteredDocument>>(_byPhone.TryGetValue(msisdn, out var keys)
            ? keys.Keys.Select(k => _documents.GetValueOrDefault(k)).OfType<RegisteredDocument>().OrderBy(d => d.Key).ToList()
            : []);

    public async IAsyncEnumerable<RegisteredDocument> ScanAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var document in _documents.Values)
        {
            ct.ThrowIfCancellationRequested();
            yield return document;
        }
        await Task.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken ct = default) => Task.FromResult((long)_documents.Count);
}
