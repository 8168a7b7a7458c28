using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

// The host's own Redis contracts on Sentinel and Cluster (the stores of Core run in Core.Tests):
// Direct Line's log and its wake-ups through pub/sub. (The sign-in lockout's contract is not run here
// yet: its burst test has a race of its own on every backend, which the cluster's timing shows more often.)

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelConversationLogTests(RedisSentinelServers redis) : ConversationLogContract
{
    protected override IConversationLog Log { get; } =
        new RedisConversationLog(redis.Connection, new DirectLineOptions(), new ConversationSignals(redis.Connection));
    // Another host's signals: woken only through the append script's publish.
    protected override ConversationSignals Signals { get; } = new(redis.Connection);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterConversationLogTests(RedisClusterServers redis) : ConversationLogContract
{
    protected override IConversationLog Log { get; } =
        new RedisConversationLog(redis.Connection, new DirectLineOptions(), new ConversationSignals(redis.Connection));
    // Another host's signals: a publish on one node reaches a subscriber connected to another.
    protected override ConversationSignals Signals { get; } = new(redis.Connection);
}
