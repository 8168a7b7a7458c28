using Huduma.Contact.Core.Register;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

/// <summary>
/// A register document as the hosts store it (huduma:doc:{type}:{number}): the JSON must stay what earlier
/// versions wrote, so documents already in Redis read back and a host not yet upgraded reads what an upgraded one writes.
/// </summary>
public sealed class StoredDocumentShapeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Stored =
        """{"type":"national-id","number":"{number}","holderName":"Amina Wanjiru","phones":["+254712345678","+254722000111"],"centreId":"nairobi-gpo","status":"ReadyForCollection","waitingCardRef":"WC100001","appliedOn":"2026-10-01","readyOn":"2026-11-02","key":"national-id:{number}"}""";

    private readonly RedisDocumentRegister _register = new(redis.Connection);

    [Fact]
    public async Task A_stored_document_reads_back_with_its_phones_and_is_written_as_the_same_json()
    {
        var number = Random.Shared.Next(10_000_000, 99_999_999).ToString();
        var json = Stored.Replace("{number}", number);
        var key = "huduma:doc:" + RegisteredDocument.DocumentKey("national-id", number);
        await redis.Connection.GetDatabase().StringSetAsync(key, json);

        var document = await _register.FindAsync("national-id", number);
        Assert.NotNull(document);
        Assert.Equal(["+254712345678", "+254722000111"], document.Phones);
        Assert.Equal(("Amina Wanjiru", DocumentStatus.ReadyForCollection, new DateOnly(2026, 11, 2)), (document.HolderName, document.Status, document.ReadyOn));

        await redis.Connection.GetDatabase().KeyDeleteAsync(key);
        await _register.ReplaceAsync(null, document);
        Assert.Equal(json, (string?)await redis.Connection.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task A_document_with_no_phones_on_record_reads_back_with_none()
    {
        var number = Random.Shared.Next(10_000_000, 99_999_999).ToString();
        var json = Stored.Replace("{number}", number).Replace("""["+254712345678","+254722000111"]""", "[]");
        await redis.Connection.GetDatabase().StringSetAsync("huduma:doc:" + RegisteredDocument.DocumentKey("national-id", number), json);

        Assert.Empty((await _register.FindAsync("national-id", number))!.Phones);
    }
}
