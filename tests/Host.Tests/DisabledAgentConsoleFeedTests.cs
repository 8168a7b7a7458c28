using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The console's live feed (/agents/hub) pushes citizens' tickets. The cookie is checked only when the feed connects,
/// so an agent whose account an admin disables (or gives another role) must have the feed already open closed by
/// the server: at once on the admin's host, within seconds on every other host of a fleet on one Redis.
/// Real hosts on loopback ports, a real Redis, the SignalR .NET client over WebSockets as the console connects.
/// </summary>
public sealed class DisabledAgentConsoleFeedTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "console feed password";

    [Fact]
    public async Task Disabling_an_agent_closes_their_open_console_feed_at_once_and_it_receives_nothing_after()
    {
        // The periodic check is slowed right down: only closing at the admin's request can pass.
        await using var host = new RunningHost(redis, ("AgentConsole:AccountCheckInterval", "00:00:30"));
        var accounts = host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("wanjiru", Roles.Agent, Password);
        await accounts.SaveAsync("kamau", Roles.Agent, Password);
        await accounts.SaveAsync("nduta", Roles.Admin, Password);
        await using var wanjiru = await ConsoleFeed.OpenAsync(host.Url, "wanjiru");
        await using var kamau = await ConsoleFeed.OpenAsync(host.Url, "kamau");

        // The feed carries citizens' tickets (phone numbers and all, masked or not): both agents get a new one.
        var store = host.Services.GetRequiredService<IEscalationStore>();
        var before = await store.CreateAsync(new NewEscalation("sms", "+254722" + Random.Shared.Next(100_000, 999_999), "en", "sms-agent", []));
        await Eventually.WaitUntil(() => wanjiru.Saw(before.Reference) && kamau.Saw(before.Reference), TimeSpan.FromSeconds(10), "both feeds to get the ticket");

        var admin = await SignedInAsync(host.Url, "nduta");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/admin/api/accounts/wanjiru/disabled/true", new { }, await admin.CsrfAsync())).StatusCode);
        await wanjiru.Closed.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.False(kamau.Closed.IsCompleted, "an agent still enabled keeps their feed");

        var after = await store.CreateAsync(new NewEscalation("sms", "+254722" + Random.Shared.Next(100_000, 999_999), "en", "sms-agent", []));
        await Eventually.WaitUntil(() => kamau.Saw(after.Reference), TimeSpan.FromSeconds(10), "the enabled agent's feed to get the next ticket");
        Assert.False(wanjiru.Saw(after.Reference), "the disabled agent's feed got a ticket after the account was disabled");
        // Nor does the feed open again on the old cookie.
        await Assert.ThrowsAnyAsync<Exception>(() => ConsoleFeed.OpenAsync(host.Url, wanjiru.Cookies));
    }

    [Fact]
    public async Task Giving_an_agent_another_role_closes_their_open_console_feed_at_once()
    {
        await using var host = new RunningHost(redis, ("AgentConsole:AccountCheckInterval", "00:00:30"));
        var accounts = host.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("achieng", Roles.Agent, Password);
        await accounts.SaveAsync("nduta", Roles.Admin, Password);
        await using var achieng = await ConsoleFeed.OpenAsync(host.Url, "achieng");

        var admin = await SignedInAsync(host.Url, "nduta");
        var saved = await admin.PostJsonAsync("/admin/api/accounts", new { name = "achieng", role = Roles.Supervisor, password = Password }, await admin.CsrfAsync());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        // The cookie says agent; the account says supervisor now: the sign-in no longer counts (StaffSessionCheck), nor does the feed.
        await achieng.Closed.WaitAsync(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Disabling_an_agent_on_one_host_closes_their_console_feed_open_on_another_within_seconds()
    {
        await using var hostA = new RunningHost(redis);
        await using var hostB = new RunningHost(redis);
        var accounts = hostA.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("mueni", Roles.Agent, Password);
        await accounts.SaveAsync("nduta", Roles.Admin, Password);
        await using var mueni = await ConsoleFeed.OpenAsync(hostB.Url, "mueni");

        var admin = await SignedInAsync(hostA.Url, "nduta");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/admin/api/accounts/mueni/disabled/true", new { }, await admin.CsrfAsync())).StatusCode);
        // The default check runs every 2 s; the rest is slack for a busy machine.
        await mueni.Closed.WaitAsync(TimeSpan.FromSeconds(6));
    }

    private static async Task<StaffClient> SignedInAsync(string url, string name)
    {
        var staff = new StaffClient(new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(url) });
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync(name, Password)).StatusCode);
        return staff;
    }

    /// <summary>A host serving on a free loopback port, on the test's Redis.</summary>
    private sealed class RunningHost : IAsyncDisposable
    {
        private readonly HudumaHost _host;

        public RunningHost(RedisServer redis, params (string Key, string? Value)[] settings)
        {
            var port = RedisServer.FreePort();
            _host = HudumaHost.OnRedis(redis, settings);
            _host.UseKestrel(port);
            _host.StartServer();
            Url = $"http://127.0.0.1:{port}";
        }

        public string Url { get; }
        public IServiceProvider Services => _host.Services;
        public ValueTask DisposeAsync() => _host.DisposeAsync();
    }

    /// <summary>One agent's console feed, opened as agents.js opens it (WebSockets, no negotiation), with what it was sent.</summary>
    private sealed class ConsoleFeed(HubConnection hub, CookieContainer cookies) : IAsyncDisposable
    {
        private readonly ConcurrentBag<string> _tickets = [];
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CookieContainer Cookies => cookies;
        public Task Closed => _closed.Task;
        public bool Saw(string reference) => _tickets.Contains(reference);

        public static async Task<ConsoleFeed> OpenAsync(string url, string agent)
        {
            var cookies = new CookieContainer();
            var staff = new StaffClient(new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) });
            Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync(agent, Password)).StatusCode);
            return await OpenAsync(url, cookies);
        }

        public static async Task<ConsoleFeed> OpenAsync(string url, CookieContainer cookies)
        {
            var hub = new HubConnectionBuilder()
                .WithUrl(url + AgentHub.Path, o => { o.Cookies = cookies; o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
                .Build();
            var feed = new ConsoleFeed(hub, cookies);
            hub.On<JsonElement>("ticket", t => feed._tickets.Add(t.GetProperty("reference").GetString()!));
            hub.Closed += _ => { feed._closed.TrySetResult(); return Task.CompletedTask; };
            await hub.StartAsync();
            return feed;
        }

        public ValueTask DisposeAsync() => hub.DisposeAsync();
    }
}
