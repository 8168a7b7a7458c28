using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Core.Tests;

// Six cluster nodes or six Sentinel processes take seconds to start: one deployment per topology,
// shared by every test class in its collection (which therefore run one after another).

[CollectionDefinition(Name)]
public sealed class RedisSentinelCollection : ICollectionFixture<RedisSentinelServers>
{
    public const string Name = "Redis Sentinel";
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterServers>
{
    public const string Name = "Redis Cluster";
}
