using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

// The Redis stores' contracts on the deployments operators run beyond a single server: Sentinel (one
// primary, two replicas, three sentinels) and Cluster (three primaries, three replicas), both started
// from infra/redis/. A cluster refuses a command or script whose keys span hash slots (CROSSSLOT).

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelStateStoreTests(RedisSentinelServers redis) : StateStoreContract
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterStateStoreTests(RedisClusterServers redis) : StateStoreContract
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);
}

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelDocumentRegisterTests(RedisSentinelServers redis) : DocumentRegisterContract
{
    protected override IDocumentRegister Register { get; } = new RedisDocumentRegister(redis.Connection);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterDocumentRegisterTests(RedisClusterServers redis) : DocumentRegisterContract
{
    protected override IDocumentRegister Register { get; } = new RedisDocumentRegister(redis.Connection);
}

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelEscalationStoreTests(RedisSentinelServers redis) : EscalationStoreContract
{
    protected override IEscalationStore Escalations { get; } = new RedisEscalationStore(redis.Connection, TimeProvider.System);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterEscalationStoreTests(RedisClusterServers redis) : EscalationStoreContract
{
    protected override IEscalationStore Escalations { get; } = new RedisEscalationStore(redis.Connection, TimeProvider.System);
}

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelReminderStoreTests(RedisSentinelServers redis) : ReminderStoreContract, IAsyncLifetime
{
    protected override IReminderStore Store { get; } = new RedisReminderStore(redis.Connection);
    public Task InitializeAsync() => RedisReminderStoreTests.ClearAsync(redis);
    public Task DisposeAsync() => Task.CompletedTask;
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterReminderStoreTests(RedisClusterServers redis) : ReminderStoreContract, IAsyncLifetime
{
    protected override IReminderStore Store { get; } = new RedisReminderStore(redis.Connection);
    public Task InitializeAsync() => RedisReminderStoreTests.ClearAsync(redis);
    public Task DisposeAsync() => Task.CompletedTask;
}

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelStatusLookupLimitTests(RedisSentinelServers redis) : StatusLookupLimitContract
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
}

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterStatusLookupLimitTests(RedisClusterServers redis) : StatusLookupLimitContract
{
    protected override IStateStore Store { get; } = new RedisStateStore(redis.Connection);
}
