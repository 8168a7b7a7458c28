using Huduma.Contact.Host.Accounts;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// One host on Kestrel (the embedded default: memory stores, no Redis) with an admin, a supervisor and an
/// agent, and one headless Chromium, shared by the browser tests of the staff pages (/login, /denied,
/// /agents, /agents/dashboard, /admin) in the <see cref="StaffPagesCollection"/>. Each test opens pages in a
/// browser context of its own; tickets one test makes stay in the queue the next one sees, and documents
/// and campaigns the admin's tests make stay in the register.
/// </summary>
public sealed class StaffPagesFixture : BrowserHostFixture
{
    public const string Admin = "achieng", Supervisor = "mwangi", Agent = "amina";

    protected override Task<HudumaHost> CreateHostAsync() => Task.FromResult(new HudumaHost(new Dictionary<string, string?>
    {
        ["Demo:SeedRegister"] = "false",
        // Quiet hours off: the admin's campaign test must not depend on the hour it runs at.
        ["Reminders:QuietHours"] = "00:00-00:00",
        // The admin's campaign test runs the sweep itself: Hangfire's run (once a year here) must not race it.
        ["Reminders:SweepCron"] = "0 0 1 1 *",
    }));

    protected override Task PrepareAsync() => SaveStaffAsync((Admin, Roles.Admin), (Supervisor, Roles.Supervisor), (Agent, Roles.Agent));
}

[CollectionDefinition(Name)]
public sealed class StaffPagesCollection : ICollectionFixture<StaffPagesFixture>
{
    public const string Name = "Staff pages";
}
