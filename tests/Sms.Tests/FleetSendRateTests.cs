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
    public async Task Three_hosts_together_give_the_provider_no_more_than_its_rate_plus_five_percent()
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
        var busiestSecond = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < 1000).Count()).Max();
        // 180 messages at 50 a second: about 3.6 s, and no one-second stretch over the rate plus one slot's share.
        Assert.InRange(busiestSecond, Rate / 2, Rate + (int)Math.Ceiling(Rate / 20.0));
        Assert.True(times[^1] - times[0] >= 2500, $"180 messages went in {times[^1] - times[0]} ms");
    }
}
