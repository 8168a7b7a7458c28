using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Tests;

/// <summary>What a turn through <see cref="Conversations.HandleAsync"/> costs Redis, read from INFO commandstats.</summary>
public sealed class ConversationsOnRedisTests(RedisServer redis) : IClassFixture<RedisServer>
{
    // The client's own upkeep (heartbeats, the connection's set-up) and our INFO are not the turn's.
    private static readonly HashSet<string> Upkeep = ["info", "ping", "echo", "client", "config", "cluster", "sentinel", "role", "subscribe", "hello", "select"];

    [Fact]
    public async Task Every_turn_is_one_read_and_one_write_on_redis_the_first_reading_the_phones_language_with_the_session()
    {
        // No daily flush during the test: the fake clock never moves.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));
        var h = new EngineHarness(clock);
        var store = new RedisStateStore(redis.Connection);
        using var daily = new DailyCounters(store, clock);
        var conversations = h.Conversations(daily, clock, store);
        var channel = new BareChannel(h.Engine, new ConversationPolicy("test", "test turn", TimeSpan.FromMinutes(5)) { OffersResume = true, ReadsProfileWithFirstTurn = true });
        var phone = $"+2547{Random.Shared.Next(10_000_000, 99_999_999)}";
        await new PhoneProfiles(store).SetLanguageAsync(phone, Language.En);

        foreach (var (input, expected) in new[] { ("", "mget setex"), ("1", "get setex"), ("1", "get setex") })
        {
            var before = await CommandsAsync();
            await conversations.HandleAsync(channel, new Turn("test", "s1", phone, input), phone);
            var after = await CommandsAsync();
            var made = after.Where(c => c.Value > before.GetValueOrDefault(c.Key)).SelectMany(c => Enumerable.Repeat(c.Key, (int)(c.Value - before.GetValueOrDefault(c.Key))));
            Assert.Equal(expected, string.Join(" ", made.Order()));
        }
        Assert.Equal("status.number", (await conversations.FindAsync<UssdSession>("test", phone))!.State.Node);
    }

    private readonly Lazy<Task<ConnectionMultiplexer>> _admin = new(() => ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"));

    private async Task<Dictionary<string, long>> CommandsAsync()
    {
        var admin = await _admin.Value;
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        return (await server.InfoAsync("commandstats")).SelectMany(g => g)
            .Select(p => (Name: p.Key["cmdstat_".Length..].Split('|')[0], Calls: long.Parse(p.Value.Split(',')[0].Split('=')[1])))
            .Where(c => !Upkeep.Contains(c.Name))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Sum(c => c.Calls));
    }
}
