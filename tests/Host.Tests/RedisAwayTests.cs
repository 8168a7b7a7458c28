using System.Diagnostics;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Redis killed under a running host (issue 22, item 4): USSD answers its polite END at once, readiness
/// fails at once, and both come back by themselves soon after Redis does.
/// </summary>
public sealed class RedisAwayTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private HudumaHost _host = null!;

    public Task InitializeAsync()
    {
        _host = HudumaHost.OnRedis(redis);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task With_redis_killed_ussd_and_readiness_fail_within_a_second_and_recover_within_five_of_its_return()
    {
        var client = _host.CreateClient();
        var phone = new UssdPhone(client, "+254711000441");
        Assert.StartsWith("CON ", await phone.DialAsync());
        Assert.Equal(200, (int)(await client.GetAsync("/health/ready")).StatusCode);

        await redis.KillAsync();
        var watch = Stopwatch.StartNew();
        var sorry = await new UssdPhone(client, "+254711000442").DialAsync();
        var ussdTook = watch.Elapsed;
        Assert.StartsWith("END ", sorry);
        Assert.True(ussdTook < TimeSpan.FromSeconds(1), $"USSD answered after {ussdTook.TotalMilliseconds:0} ms");

        watch.Restart();
        var ready = await client.GetAsync("/health/ready");
        var readyTook = watch.Elapsed;
        Assert.Equal(503, (int)ready.StatusCode);
        Assert.True(readyTook < TimeSpan.FromSeconds(2), $"readiness failed after {readyTook.TotalMilliseconds:0} ms");

        await redis.StartAgainAsync();
        watch.Restart();
        while ((int)(await client.GetAsync("/health/ready")).StatusCode != 200)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "readiness did not recover within 5 s of Redis returning");
            await Task.Delay(100);
        }
        Assert.StartsWith("CON ", await new UssdPhone(client, "+254711000443").DialAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"USSD recovered after {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
