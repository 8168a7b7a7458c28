using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Huduma.Contact.Sms.Tests;

/// <summary>A provider's rate holds for the fleet: three hosts on one Redis together send no faster than it (issue 22, item 6).</summary>
public sealed class FleetSendRateTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Rate = 50;

    /// <summary>A provider that notes when each message reached it.</summary>
    private sealed class RecordingProvider : ISmsProvider
    {
        public string Name => "africastalking";
        public ConcurrentQueue<long> ReceivedAt { get; } = new();
        public Task<SmsSendResult> SendAsync(OutboundSms message, CancellationToken ct = default)
        {
            ReceivedAt.Enqueue(Environment.TickCount64);
            return Task.FromResult(new SmsSendResult(true, Name, "ATXid_" + Guid.NewGuid().ToString("N")));
        }
    }

    [Fact]
    public async Task Three_hosts_together_give_the_provider_their_shared_rate_not_three_times_it()
    {
        var provider = new RecordingProvider();
        var hosts = Enumerable.Range(0, 3).Select(_ =>
        {
            // Each host its own connection, store and limiter, as separate processes would have.
            var store = new RedisStateStore(ConnectionMultiplexer.Connect(redis.ConnectionString));
            var limits = new Dictionary<string, RateLimiter> { [provider.Name] = new FleetSendRate(store, provider.Name, Rate, TimeProvider.System) };
            return new SmsDispatcher([provider], new SmsOutbox(store, TimeProvider.System), new OptOutList(store, TimeProvider.System),
                NullLogger<SmsDispatcher>.Instance, limits);
        }).ToList();

        var sends = hosts.SelectMany((host, h) => Enumerable.Range(0, 60).Select(i =>
            host.SendAsync(new OutboundSms($"+2547230{h}{i:D4}", "Your ID is ready.", "reminder"))));
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.True(r.Accepted));
        var times = provider.ReceivedAt.Order().ToArray();
        // 180 messages at 50 a second take about 3.6 s; three hosts each at the rate would take 1.2 s, 150 a second.
        // The limiter lets through at most the rate plus 5% in any second (FleetSendRate's remarks), but the times
        // are taken where the test's provider receives each message, after the grant: a machine that stalls a
        // moment (a full CI run) delivers a stretch's messages late, bunched with the next. So the busiest two
        // seconds are held to the rate plus 25% (125, against 300 if the hosts did not share the rate).
        var busiestTwoSeconds = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < 2000).Count()).Max();
        Assert.InRange(busiestTwoSeconds, Rate, (int)(2 * Rate * 1.25));
        Assert.True(times[^1] - times[0] >= 2500, $"180 messages went in {times[^1] - times[0]} ms");
    }
}
