using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// An SLA breach in headless Chromium over Kestrel on Redis, on the real clock with a chat's target of 10 s: the
/// queue row counts down and then says breached, the supervisor's console is told, and the dashboard shows it.
/// </summary>
public sealed class SlaBrowserTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Password = "sla browser password";
    private HudumaHost _host = null!;
    private string _url = "";
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        var port = RedisServer.FreePort();
        _host = HudumaHost.OnRedis(redis, ("Sla:Channels:chat:Within", "00:00:10"), ("Sla:SweepInterval", "00:00:00.200"));
        _host.UseKestrel(port);
        _host.StartServer();
        _url = $"http://127.0.0.1:{port}";
        await _host.Services.GetRequiredService<AccountStore>().SaveAsync("mwangi", Roles.Supervisor, Password);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_SLA_breach_shows_on_the_dashboard_and_on_the_supervisors_console()
    {
        var context = await _browser.NewContextAsync();
        var console = await context.NewPageAsync();
        await console.SignInAsync(_url + "/agents", "mwangi", Password);
        var dashboard = await context.NewPageAsync();
        await dashboard.GotoAsync(_url + "/agents/dashboard"); // signed in already: the same browser
        await dashboard.WaitForSelectorAsync("body[data-ready='true']");
        await dashboard.WaitForSelectorAsync("body[data-sla-ready]");
        Assert.Equal(["chat", "10 s", "0", "0"], await dashboard.Locator("#sla-breaches tr[data-channel=chat] td").AllTextContentsAsync());

        var ticket = await _host.Services.GetRequiredService<IEscalationStore>().CreateAsync(new NewEscalation("chat", null, "en", "handoff", []));
        var row = console.Locator($"#queue li[data-reference={ticket.Reference}] .sla");
        await Assertions.Expect(row).ToContainTextAsync("left");

        // Past the deadline: the row says so, the supervisor's console is told at once, the dashboard at its next refresh.
        await Assertions.Expect(row).ToContainTextAsync("SLA breached", new() { Timeout = 20_000 });
        await Assertions.Expect(console.Locator($"#sla-alerts li[data-reference={ticket.Reference}]")).ToContainTextAsync("(chat) not taken by",
            new() { Timeout = 10_000 });
        await Assertions.Expect(dashboard.Locator($"#sla-overdue tr[data-reference={ticket.Reference}]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(dashboard.Locator("#sla-breaches tr[data-channel=chat] td").Nth(2)).ToHaveTextAsync("1");
        Assert.Equal("1", await dashboard.Locator("#sla-count").TextContentAsync());
    }
}
