using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Host.Tests;

/// <summary>Direct Line's conversation log: one contract, in memory and on Redis.</summary>
public abstract class ConversationLogContract
{
    private protected abstract IConversationLog Log { get; }
    /// <summary>The signals the log wakes (in memory: this host's; on Redis: also other hosts' through pub/sub).</summary>
    private protected abstract ConversationSignals Signals { get; }
    private static string NewId() => Guid.NewGuid().ToString("N");
    private static Activity Message(string text) => new() { Type = "message", Text = text };

    [Fact]
    public async Task A_conversation_starts_once()
    {
        var id = NewId();
        Assert.False(await Log.ExistsAsync(id));
        Assert.True(await Log.CreateAsync(id));
        Assert.False(await Log.CreateAsync(id));
        Assert.True(await Log.ExistsAsync(id));
        Assert.Equal("0", (await Log.ReadAsync(id, 0)).Watermark);
    }

    [Fact]
    public async Task Concurrent_appends_get_distinct_ids_in_the_order_a_reader_sees_them()
    {
        var id = NewId();
        await Log.CreateAsync(id);
        var ids = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => Log.AppendAsync(id, Message($"m{i}")))));
        Assert.Equal(50, ids.Distinct().Count());
        var all = await Log.ReadAsync(id, 0);
        Assert.Equal(("50", 50), (all.Watermark, all.Activities.Count));
        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"{id}|{n:D7}"), all.Activities.Select(a => a.Id));
        var tail = await Log.ReadAsync(id, 45);
        Assert.Equal(all.Activities.Skip(45).Select(a => a.Text), tail.Activities.Select(a => a.Text));
        Assert.Equal("50", tail.Watermark);
    }

    [Fact]
    public async Task Several_activities_go_in_together_in_order_and_wake_the_streams_once_they_are_there()
    {
        var id = NewId();
        await Log.CreateAsync(id);
        await Signals.Subscribed.WaitAsync(TimeSpan.FromSeconds(10));
        var quiet = Signals.WaitAsync(id, TimeSpan.FromSeconds(5), CancellationToken.None);
        await Log.AppendAsync(id, [Message("echo")], wake: false);
        await Task.Delay(100);
        Assert.False(quiet.IsCompleted, "an append without wake woke the streams");

        var ids = await Log.AppendAsync(id, [Message("answer 1"), Message("answer 2")]);
        await quiet.WaitAsync(TimeSpan.FromSeconds(4));
        Assert.Equal([$"{id}|0000002", $"{id}|0000003"], ids);
        var all = await Log.ReadAsync(id, 0);
        Assert.Equal(["echo", "answer 1", "answer 2"], all.Activities.Select(a => a.Text));

        // Nothing to append: a wake alone.
        var next = Signals.WaitAsync(id, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Empty(await Log.AppendAsync(id, []));
        await next.WaitAsync(TimeSpan.FromSeconds(4));
        Assert.Equal("3", (await Log.ReadAsync(id, 0)).Watermark);
    }

    [Fact]
    public async Task Reading_or_appending_to_an_unknown_conversation_says_so()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Log.ReadAsync(NewId(), 0));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Log.AppendAsync(NewId(), Message("x")));
    }
}

public sealed class InMemoryConversationLogTests : ConversationLogContract
{
    private readonly FakeTimeProvider _clock = new();
    private readonly DirectLineOptions _options = new();
    public InMemoryConversationLogTests() => Log = new InMemoryConversationLog(_options, _clock, Signals);
    private protected override IConversationLog Log { get; }
    private protected override ConversationSignals Signals { get; } = new();

    [Fact]
    public async Task A_quiet_conversation_is_forgotten_after_its_lifetime()
    {
        await Log.CreateAsync("c1");
        _clock.Advance(_options.ConversationLifetime + TimeSpan.FromSeconds(1));
        Assert.False(await Log.ExistsAsync("c1"));
    }
}

public sealed class RedisConversationLogTests : ConversationLogContract, IClassFixture<RedisServer>
{
    public RedisConversationLogTests(RedisServer redis)
    {
        Log = new RedisConversationLog(redis.Connection, new DirectLineOptions(), new ConversationSignals(redis.Connection));
        // Another host's signals: woken only through the append script's publish.
        Signals = new ConversationSignals(redis.Connection);
    }

    private protected override IConversationLog Log { get; }
    private protected override ConversationSignals Signals { get; }
}
