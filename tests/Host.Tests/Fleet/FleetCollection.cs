using Xunit;

namespace Huduma.Contact.Host.Tests.Fleet;

/// <summary>
/// The fleet tests run one at a time: each starts three hosts and nginx, and a kill or a load in one
/// would skew the timings of another on a two-core machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FleetCollection
{
    public const string Name = "fleet";
}
