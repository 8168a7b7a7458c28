using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// One host on a Redis of its own, with a supervisor and a chat SLA of 10 s (swept every 200 ms, so a breach
/// comes in seconds), and one headless Chromium, shared by the browser tests of the supervisor's dashboard in
/// the <see cref="SupervisorDashboardCollection"/>. Not the staff pages' host: these tests count an agent's
/// tickets and the chat breaches exactly, which the consoles' tests there would add to.
/// </summary>
public sealed class SupervisorDashboardFixture : BrowserHostFixture
{
    public const string Supervisor = "mwangi";

    protected override async Task<HudumaHost> CreateHostAsync() =>
        HudumaHost.OnRedis(await StartRedisAsync(), ("Sla:Channels:chat:Within", "00:00:10"), ("Sla:SweepInterval", "00:00:00.200"));

    protected override Task PrepareAsync() => SaveStaffAsync((Supervisor, Roles.Supervisor));
}

[CollectionDefinition(Name)]
public sealed class SupervisorDashboardCollection : ICollectionFixture<SupervisorDashboardFixture>
{
    public const string Name = "Supervisor dashboard on Redis";
}
