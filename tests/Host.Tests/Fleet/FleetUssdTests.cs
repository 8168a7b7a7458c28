using Huduma.Contact.TestSupport;
using Xunit.Abstractions;

using static Huduma.Contact.Host.Tests.Eventually;

namespace Huduma.Contact.Host.Tests.Fleet;

/// <summary>USSD through nginx in front of three hosts: a session's hops land on different hosts and it goes on as if on one.</summary>
[Collection(FleetCollection.Name)]
public sealed class FleetUssdTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_USSD_sessions_hops_are_answered_by_different_hosts_behind_nginx_and_the_session_goes_on()
    {
        await using var at = await AfricasTalkingApiSimulator.StartAsync();
        await using var fleet = await HostFleet.StartAsync(redis, at, new Dictionary<string, string>(), output.WriteLine);
        using var http = new HttpClient { BaseAddress = new Uri(fleet.BaseUrl) };

        var answeredBy = new List<List<string>>();
        for (var s = 0; s < 3; s++)
        {
            var phone = new UssdPhone(http, $"+25470088800{s}", HostFleet.CallbackSecret);
            var hosts = new List<string>();
            async Task<string> Hop(Func<Task<string>> hop)
            {
                var before = fleet.Nginx.AccessLog().Count;
                var screen = await hop();
                // Hops go one after another: the access log's next line is this hop's.
                await WaitUntil(() => fleet.Nginx.AccessLog().Count > before, TimeSpan.FromSeconds(5), "nginx to log the hop");
                var logged = fleet.Nginx.AccessLog()[before];
                Assert.Equal(("POST", "/ussd/africastalking", 200), (logged.Method, logged.Path, logged.Status));
                hosts.Add(logged.AnsweredBy!);
                return screen;
            }

            Assert.Contains("Choose language", await Hop(phone.DialAsync));
            Assert.Contains("How can we help", await Hop(() => phone.SendAsync("1")));
            Assert.Contains("Choose your county", await Hop(() => phone.SendAsync("2")));
            Assert.DoesNotContain("Choose your county", await Hop(() => phone.SendAsync("98")));
            Assert.Contains("Choose your county", await Hop(() => phone.SendAsync("0")));
            output.WriteLine($"session {s}: {string.Join(" → ", hosts)}");
            answeredBy.Add(hosts);
        }

        // Every session was served by more than one host, and every host served some hops.
        Assert.All(answeredBy, hosts => Assert.True(hosts.Distinct().Count() > 1, $"one host answered every hop: {hosts[0]}"));
        Assert.Equal(fleet.Hosts.Select(h => $"127.0.0.1:{h.Port}").Order(), answeredBy.SelectMany(h => h).Distinct().Order());
    }
}
