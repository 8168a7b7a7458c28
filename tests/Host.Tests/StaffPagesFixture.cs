using Huduma.Contact.Host.Accounts;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// One host on Kestrel (the embedded default: memory stores, no Redis) with an admin, a supervisor and an
/// agent, and one headless Chromium, shared by the browser tests of the staff pages (/login, /denied,
/// /agents, /agents/dashboard, /admin) in the <see cref="StaffPagesCollection"/>. Each test opens pages in a
/// browser context of its own; tickets one test makes stay in the queue the next one sees.
/// </summary>
public sealed class StaffPagesFixture : IAsyncLifetime
{
    public const string Password = "staff pages password";
    public const string Admin = "achieng", Supervisor = "mwangi", Agent = "amina";

    public HudumaHost Host { get; private set; } = null!;
    public string Url { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright _playwright = null!;

    public async Task InitializeAsync()
    {
        var port = RedisServer.FreePort();
        Host = new HudumaHost(new Dictionary<string, string?> { ["Demo:SeedRegister"] = "false" });
        Host.UseKestrel(port);
        Host.StartServer();
        Url = $"http://127.0.0.1:{port}";
        var accounts = Host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync(Admin, Roles.Admin, Password);
        await accounts.SaveAsync(Supervisor, Roles.Supervisor, Password);
        await accounts.SaveAsync(Agent, Roles.Agent, Password);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A new browser context signed in as <paramref name="name"/> through the form, on <paramref name="path"/> once it is ready.</summary>
    public async Task<IPage> SignedInAsync(string name, string path)
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.SignInAsync(Url + path, name, Password);
        return page;
    }
}

[CollectionDefinition(Name)]
public sealed class StaffPagesCollection : ICollectionFixture<StaffPagesFixture>
{
    public const string Name = "Staff pages";
}
