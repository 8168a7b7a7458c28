using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Tests;

/// <summary>The buckets' hash tags on a real three-primary cluster: the slots Redis computes, and where they land.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisBucketsTests(RedisClusterServers redis)
{
    [Theory]
    [InlineData("reminders")]
    [InlineData("esc")]
    [InlineData("rate:lookup")]
    public void Each_primary_of_three_holds_an_equal_share_of_the_buckets(string name)
    {
        var buckets = new RedisBuckets(name);
        var cluster = redis.Connection.GetServers().First(s => s.IsConnected).ClusterConfiguration!;
        var perPrimary = new Dictionary<string, int>();
        foreach (var bucket in buckets.All)
        {
            var key = "huduma:" + buckets.Tag(bucket) + ":x";
            // Our CRC16 agrees with the cluster client's.
            Assert.Equal(redis.Connection.HashSlot(key), RedisBuckets.HashSlot(key));
            var primary = cluster.GetBySlot(RedisBuckets.HashSlot(key))!.EndPoint!.ToString()!;
            perPrimary[primary] = perPrimary.GetValueOrDefault(primary) + 1;
        }
        Assert.Equal([RedisBuckets.Count / 3, RedisBuckets.Count / 3, RedisBuckets.Count / 3], perPrimary.Values);
    }

    [Fact]
    public void A_value_falls_in_the_same_bucket_every_time_and_values_spread_over_all_of_them()
    {
        Assert.Equal(RedisBuckets.Of("national_id:12345678"), RedisBuckets.Of("national_id:12345678"));
        var counts = Enumerable.Range(0, 1200).GroupBy(i => RedisBuckets.Of($"national_id:{40_000_000 + i}")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(RedisBuckets.Count, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 60, 140));
    }
}

/// <summary>The status lookups' counters (every USSD, SMS and chat status lookup counts one) on a three-primary cluster.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class LookupCountersOnClusterTests(RedisClusterServers redis)
{
    [Fact]
    public async Task Lookups_from_many_askers_count_on_every_primary_and_each_askers_limit_still_holds()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(3)); // a window no other test counts in
        var limits = new Huduma.Contact.Core.Privacy.LookupRateLimitOptions();
        var rate = new Huduma.Contact.Core.Privacy.LookupRateLimit(new RedisStateStore(redis.Connection), clock, limits);
        for (var i = 0; i < 60; i++) Assert.True((await rate.CountGuessAsync($"+2547330{i:D5}", $"national_id:{48_000_000 + i}")).Both);

        var primaries = redis.Connection.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
        var holding = 0;
        foreach (var primary in primaries)
        {
            var any = false;
            await foreach (var _ in primary.KeysAsync(pattern: $"huduma:rate:lookup:{clock.GetUtcNow().ToUnixTimeSeconds() / 3600}:*")) { any = true; break; }
            if (any) holding++;
        }
        Assert.Equal(3, holding);

        // Split or not, an asker's own count goes on: the eleventh lookup of the hour is refused.
        for (var i = 0; i < limits.PerPhonePerHour - 1; i++) Assert.True(await rate.CountHolderAsync("+254733000000"));
        Assert.False(await rate.CountHolderAsync("+254733000000"));
        Assert.False((await rate.CountGuessAsync("+254733000000", "national_id:48000099")).Asker);
    }
}
