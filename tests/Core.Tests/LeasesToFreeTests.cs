using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

public sealed class LeasesToFreeTests
{
    /// <summary>A store whose deletes fail while "Redis" is away.</summary>
    private sealed class AwayStore(IStateStore inner) : StateStoreDecorator(inner)
    {
        public bool Away { get; set; }
        public override Task<bool> DeleteAsync(string key, CancellationToken ct = default) =>
            Away ? throw new InvalidOperationException("Redis is away") : base.DeleteAsync(key, ct);
    }

    private sealed class Lease
    {
        public string Holder { get; set; } = "";
    }

    [Fact]
    public async Task A_lease_let_go_while_redis_was_away_is_deleted_once_it_is_back_not_held_until_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new AwayStore(new InMemoryStateStore(clock));
        var leases = new LeasesToFree(store, clock);
        await store.SetAsync("lease:a", new Lease { Holder = "me" }, TimeSpan.FromMinutes(2));

        store.Away = true;
        await leases.ReleaseAsync("lease:a", clock.GetUtcNow(), TimeSpan.FromMinutes(2));
        await leases.FreeAsync(); // still away: kept
        Assert.Equal(1, leases.Count);

        store.Away = false;
        clock.Advance(TimeSpan.FromSeconds(10));
        await leases.FreeAsync();
        Assert.Null(await store.GetAsync<Lease>("lease:a"));
        Assert.Equal(0, leases.Count);
    }

    [Fact]
    public async Task A_lease_that_may_have_expired_and_been_taken_by_another_host_is_left_alone()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new AwayStore(new InMemoryStateStore(clock));
        var leases = new LeasesToFree(store, clock);
        store.Away = true;
        await leases.ReleaseAsync("lease:b", clock.GetUtcNow(), TimeSpan.FromSeconds(30));

        // Our lease ran out while Redis was away; another host has taken the key since.
        clock.Advance(TimeSpan.FromSeconds(31));
        store.Away = false;
        await store.SetAsync("lease:b", new Lease { Holder = "another host" }, TimeSpan.FromSeconds(30));
        await leases.FreeAsync();
        Assert.Equal("another host", (await store.GetAsync<Lease>("lease:b"))?.Holder);
        Assert.Equal(0, leases.Count);
    }
}
