using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Privacy;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

/// <summary>
/// The status lookup's rate limits on both stores: strangers' guesses at a document's waiting-card
/// reference are limited per document, but they never lock the holder's own phone out.
/// </summary>
public abstract class StatusLookupLimitContract
{
    protected abstract IStateStore Store { get; }
    private static readonly ContentBundle Content = ShippedContent.Load();
    private readonly InMemoryDocumentRegister _register = new();
    private readonly LookupRateLimitOptions _limits = new();
    private StatusLookup Lookup => new(_register, new LookupRateLimit(Store, new FakeTimeProvider(DateTimeOffset.UtcNow), _limits), Content);

    private async Task<RegisteredDocument> DocumentAsync()
    {
        var n = Random.Shared.Next(10_000_000, 99_999_999);
        var document = EngineHarness.ReadyId with { Number = n.ToString(), Phones = [$"+2547{n}"] };
        await _register.UpsertAsync(document);
        return document;
    }

    private static string Stranger(int i) => $"+25473300{i:D4}";

    [Fact]
    public async Task Sixteen_strangers_guessing_the_reference_do_not_lock_the_holders_phone_out_but_a_seventeenth_is_refused()
    {
        var document = await DocumentAsync();
        var lookup = Lookup;
        var guesses = new List<StatusLookupResult>();
        for (var i = 1; i <= 16; i++)
            guesses.Add(await lookup.LookUpAsync("ussd", Stranger(i), Stranger(i), document.Type, document.Number, $"WC90000{i}", Language.En));
        Assert.All(guesses.Take(_limits.PerDocumentPerHour), g => Assert.IsType<StatusLookupResult.ReferenceMismatch>(g));
        Assert.All(guesses.Skip(_limits.PerDocumentPerHour), g => Assert.IsType<StatusLookupResult.RateLimited>(g));

        var holder = document.Phones[0];
        var own = await lookup.LookUpAsync("ussd", holder, holder, document.Type, document.Number, null, Language.En);
        Assert.Contains("Achieng Ouma", string.Join("\n", Assert.IsType<StatusLookupResult.Answer>(own).Lines));

        var seventeenth = await lookup.LookUpAsync("ussd", Stranger(17), Stranger(17), document.Type, document.Number, document.WaitingCardRef, Language.En);
        Assert.IsType<StatusLookupResult.RateLimited>(seventeenth);
    }

    [Fact]
    public async Task The_holders_own_phone_is_still_limited_per_phone()
    {
        var document = await DocumentAsync();
        var lookup = Lookup;
        var holder = document.Phones[0];
        for (var i = 0; i < _limits.PerPhonePerHour; i++)
            Assert.IsType<StatusLookupResult.Answer>(await lookup.LookUpAsync("ussd", holder, holder, document.Type, document.Number, null, Language.En));
        Assert.IsType<StatusLookupResult.RateLimited>(await lookup.LookUpAsync("ussd", holder, holder, document.Type, document.Number, null, Language.En));
    }

    [Fact]
    public async Task The_holders_own_lookups_do_not_use_up_the_documents_guesses()
    {
        var document = await DocumentAsync();
        var lookup = Lookup;
        var holder = document.Phones[0];
        for (var i = 0; i < _limits.PerPhonePerHour; i++)
            await lookup.LookUpAsync("ussd", holder, holder, document.Type, document.Number, null, Language.En);
        var stranger = await lookup.LookUpAsync("ussd", Stranger(1), Stranger(1), document.Type, document.Number, document.WaitingCardRef, Language.En);
        Assert.IsType<StatusLookupResult.Answer>(stranger);
    }
}

public sealed class InMemoryStatusLookupLimitTests : StatusLookupLimitContract
{
    protected override IStateStore Store { get; } = new InMemoryStateStore(new FakeTimeProvider(DateTimeOffset.UtcNow));
}

public sealed class RedisStatusLookupLimitTests(RedisServer redis) : StatusLookupLimitContract, IClassFixture<RedisServer>
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
}
