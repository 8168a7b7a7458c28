using Xunit;

namespace Huduma.Contact.Host.Tests.Fleet;

/// <summary>
/// The fleet tests (and the failover tests in Fault/) run one at a time and alone, after the other tests: each
/// starts several hosts (and nginx, or its own Redis) and puts a load or a kill on them, which would skew the
/// timings of any test beside it on a two-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetCollection
{
    public const string Name = "fleet";
}
