using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Host.Tests;

// The host's own Redis contracts on Sentinel and Cluster (the stores of Core run in Core.Tests):
// Direct Line's log and its wake-ups through pub/sub, and the sign-in lockout.

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelConversationLogTests(RedisSentinelServers redis) : ConversationLogContract
{
    private protected override IConversationLog Log { get; } =
        new RedisConversationLog(redis.Connection, new DirectLineOptions(), new ConversationSignals(redis.Connection));
    // Another host's signals: woken only through the append script's publish.
    private protected override ConversationSignals Signals { get; } = new(redis.Connection);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterConversationLogTests(RedisClusterServers redis) : ConversationLogContract
{
    private protected override IConversationLog Log { get; } =
        new RedisConversationLog(redis.Connection, new DirectLineOptions(), new ConversationSignals(redis.Connection));
    // Another host's signals: a publish on one node reaches a subscriber connected to another.
    private protected override ConversationSignals Signals { get; } = new(redis.Connection);
}

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelSignInLockoutTests(RedisSentinelServers redis) : SignInLockoutContract
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterSignInLockoutTests(RedisClusterServers redis) : SignInLockoutContract
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
}
