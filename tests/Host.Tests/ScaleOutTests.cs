using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

/// <summary>Hosts are stateless: two of them on one Redis serve one citizen's session hop by hop.</summary>
public sealed class ScaleOutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_session_moves_between_two_hosts_on_one_redis_without_noticing()
    {
        await using var hostA = HudumaHost.OnRedis(redis);
        await using var hostB = HudumaHost.OnRedis(redis);
        var a = hostA.CreateClient();
        var b = hostB.CreateClient();
        var session = UssdPhone.NewSessionId();
        var inputs = new List<string>();

        // Each hop goes to whichever host the load balancer picks: here, alternately.
        async Task<string> Hop(HttpClient client, string? input)
        {
            if (input is not null) inputs.Add(input);
            var response = await UssdPhone.PostAsync(client, new Dictionary<string, string>
            {
                ["sessionId"] = session, ["serviceCode"] = "*384*1919#", ["phoneNumber"] = "+254700777001", ["networkCode"] = "63902",
                ["text"] = string.Join("*", inputs),
            });
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("Choose language", await Hop(a, null));
        Assert.Contains("How can we help", await Hop(b, "1"));
        Assert.Contains("Choose your county", await Hop(a, "2"));
        var page2 = await Hop(b, "98");
        Assert.DoesNotContain("Choose your county", page2);
        Assert.Contains("Choose your county", await Hop(a, "0"));

        // A redial through host A finds the dropped session, whichever host served it last.
        var next = new UssdPhone(a, "+254700777001");
        var resumed = await next.DialAsync();
        Assert.Contains("Continue where you left off?", resumed);
        Assert.Contains("Choose your county", await next.SendAsync("1"));
    }
}
