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
