using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Tests;

/// <summary>The channels' queues built for tickets an earlier version left, on whichever Redis deployment is given.</summary>
internal static class IndexContract
{
    private static readonly RedisBuckets Buckets = new("esc");
    private static string Prefix(int bucket) => "huduma:" + Buckets.Tag(bucket) + ":";
    private static int BucketOf(Escalation ticket) => (int)(long.Parse(ticket.Reference[2..]) % RedisBuckets.Count);

    public static async Task Tickets_made_before_the_channels_queues_existed_are_indexed_and_entries_left_stale_by_an_older_host_dropped(IConnectionMultiplexer redis)
    {
        var store = new RedisEscalationStore(redis, TimeProvider.System);
        var desk = new EscalationDesk(store, TimeProvider.System);
        var db = redis.GetDatabase();
        var channel = "t" + Guid.NewGuid().ToString("N")[..8];
        var tickets = new List<Escalation>();
        for (var i = 0; i < 30; i++) tickets.Add(await store.CreateAsync(new NewEscalation(channel, "+254722000702", "en", "callback", [])));
        foreach (var ticket in tickets.Take(10)) await desk.ClaimAsync(ticket.Reference, "amina");
        // As the previous version left them: no channels' queues, no list of channels.
        foreach (var b in Enumerable.Range(0, RedisBuckets.Count))
        {
            await db.KeyDeleteAsync([Prefix(b) + "open:" + channel, Prefix(b) + "claimed:" + channel]);
            await db.SetRemoveAsync(Prefix(b) + "channels", channel);
        }
        async Task<EscalationQueueFigures?> Figures() => (await store.QueueFiguresAsync()).SingleOrDefault(q => q.Channel == channel);
        Assert.Null(await Figures());

        Assert.True((await store.IndexQueuesAsync()).Added >= 30);
        var figures = (await Figures())!;
        Assert.Equal((20L, 10L), (figures.Waiting, figures.Claimed));
        Assert.Equal(tickets.Skip(10).Min(t => t.CreatedAt).ToUnixTimeMilliseconds(), figures.OldestWaitingSince!.Value.ToUnixTimeMilliseconds());

        // A host of the previous version claims one: its script moves it between the bucket's queues only.
        var taken = tickets[10];
        await db.SortedSetRemoveAsync(Prefix(BucketOf(taken)) + "open", taken.Reference);
        await db.SortedSetAddAsync(Prefix(BucketOf(taken)) + "claimed", taken.Reference, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(20L, (await Figures())!.Waiting);

        await store.IndexQueuesAsync();
        Assert.Equal((19L, 11L), await Figures() is { } f ? (f.Waiting, f.Claimed) : default);
        // Once more (another host starting): nothing changes.
        await store.IndexQueuesAsync();
        Assert.Equal((19L, 11L), await Figures() is { } g ? (g.Waiting, g.Claimed) : default);
    }
}
