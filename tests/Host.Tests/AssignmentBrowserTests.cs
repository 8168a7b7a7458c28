using Huduma.Contact.Core.Assignment;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Presence and offers in headless Chromium, two agents on two hosts sharing one Redis: who is offered a
/// ticket (available, below capacity, speaking its language), Accept claims it, an offer not accepted in
/// time moves to the other agent, a closed console counts as away. Each test has a Redis of its own, so
/// no ticket of one is offered in another.
/// </summary>
public sealed class AssignmentBrowserTests(Chromium chromium) : SharedBrowserTests(chromium), IClassFixture<Chromium>
{
    private const string Password = BrowserHostFixture.Password;
    private readonly RedisServer _redis = new();
    private HudumaHost _a = null!, _b = null!;
    private string _urlA = "", _urlB = "";

    public override async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        (_a, _urlA) = Start();
        (_b, _urlB) = Start();
        var accounts = _a.Services.GetRequiredService<AccountStore>();
        await accounts.SaveAsync("amina", Roles.Agent, Password);
        await accounts.SetLanguagesAsync("amina", ["en", "sw"]);
        await accounts.SaveAsync("otieno", Roles.Agent, Password); // English only, the default
    }

    private (HudumaHost, string) Start()
    {
        var host = HudumaHost.OnRedis(_redis, ("Assignment:OfferTimeout", "00:00:03"), ("Assignment:SweepInterval", "00:00:00.2"),
            ("Assignment:Capacity:Chat", "1"));
        return (host, host.StartOnKestrel());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private static string WebRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!System.IO.Directory.Exists(Path.Combine(directory!.FullName, "src", "Host", "wwwroot"))) directory = directory.Parent;
        return Path.Combine(directory.FullName, "src", "Host", "wwwroot");
    }

    private IAssignmentStore Presence => _a.Services.GetRequiredService<IAssignmentStore>();

    private Task<IPage> SignInAsync(string url, string name) => Chromium.SignedInPageAsync(url + "/agents", name, Password);

    private async Task SetPresenceAsync(IPage page, string agent, string status)
    {
        await page.SelectOptionAsync("#presence", status);
        await Eventually.WaitUntil(async () => (await Presence.AgentsAsync()).Any(a => a.Agent == agent && a.Seen == status),
            TimeSpan.FromSeconds(10), $"{agent} seen as {status}");
    }

    /// <summary>Amina's console on host A and Otieno's on host B, both available.</summary>
    private async Task<(IPage Amina, IPage Otieno)> BothAvailableAsync()
    {
        var amina = await SignInAsync(_urlA, "amina");
        var otieno = await SignInAsync(_urlB, "otieno");
        await SetPresenceAsync(amina, "amina", PresenceStatus.Available);
        await SetPresenceAsync(otieno, "otieno", PresenceStatus.Available);
        return (amina, otieno);
    }

    /// <summary>An SMS handoff (a written conversation: the chat kind), opened through host B's store.</summary>
    private async Task<string> NewTicketAsync(string language = "en") =>
        (await _b.Services.GetRequiredService<IEscalationStore>().CreateAsync(
            new NewEscalation("sms", "+254722" + Random.Shared.Next(100_000, 999_999), language, "handoff", []))).Reference;

    private static string Offer(string reference) => $"#offers li[data-reference='{reference}']";

    /// <summary>Which of the pages shows the offer (waiting for one to), and the other.</summary>
    private static async Task<(IPage Offered, IPage Other)> OfferedOnAsync(string reference, IPage one, IPage two)
    {
        var first = await Task.WhenAny(one.WaitForSelectorAsync(Offer(reference)), two.WaitForSelectorAsync(Offer(reference)));
        await first;
        var offered = await one.QuerySelectorAsync(Offer(reference)) is not null ? one : two;
        return (offered, offered == one ? two : one);
    }

    private async Task<bool> NotOfferedAsync(string reference)
    {
        await Task.Delay(1500); // offers are made within milliseconds; a second and a half is ample
        return await Presence.GetOfferAsync(reference) is null;
    }

    [Fact]
    public async Task Two_agents_are_offered_tickets_only_while_available_below_capacity_and_speaking_the_language()
    {
        var (amina, otieno) = await BothAvailableAsync();

        // The first ticket goes to one of them, only on that agent's screen; Accept makes it theirs.
        var first = await NewTicketAsync();
        var (x, y) = await OfferedOnAsync(first, amina, otieno);
        Assert.Null(await y.QuerySelectorAsync(Offer(first)));
        await x.ClickAsync($"{Offer(first)} button.accept");
        await x.WaitForSelectorAsync($"#mine li[data-reference='{first}']");
        await x.WaitForSelectorAsync(Offer(first), new() { State = WaitForSelectorState.Detached });

        // The first agent holds one chat, their capacity: the second ticket goes to the other.
        var second = await NewTicketAsync();
        await y.WaitForSelectorAsync(Offer(second));
        Assert.Null(await x.QuerySelectorAsync(Offer(second)));
        await y.ClickAsync($"{Offer(second)} button.accept");
        await y.WaitForSelectorAsync($"#mine li[data-reference='{second}']");

        // Both at capacity: the third waits in the queue, offered to nobody.
        var third = await NewTicketAsync();
        Assert.True(await NotOfferedAsync(third), "a ticket was offered to an agent at capacity");
        await amina.WaitForSelectorAsync($"#queue li[data-reference='{third}']");

        // Otieno goes away and finishes his ticket: he has room, but he is away, so it is not offered to him.
        await SetPresenceAsync(otieno, "otieno", PresenceStatus.Away);
        var his = otieno == x ? first : second;
        var hers = otieno == x ? second : first;
        await otieno.ClickAsync($"#mine li[data-reference='{his}']");
        await otieno.ClickAsync("#resolve button[type=submit]");
        await otieno.WaitForSelectorAsync($"#mine li[data-reference='{his}']", new() { State = WaitForSelectorState.Detached });
        Assert.True(await NotOfferedAsync(third), "a ticket was offered to an agent who is away");

        // Amina finishes hers: she is available with room, and the waiting ticket is offered to her at once.
        await amina.ClickAsync($"#mine li[data-reference='{hers}']");
        await amina.ClickAsync("#resolve button[type=submit]");
        await amina.WaitForSelectorAsync(Offer(third));

        // Otieno is back, with room; a Kiswahili ticket is not for him (he speaks English), and Amina's pending offer fills her capacity.
        await SetPresenceAsync(otieno, "otieno", PresenceStatus.Available);
        var kiswahili = await NewTicketAsync("sw");
        Assert.True(await NotOfferedAsync(kiswahili), "a Kiswahili ticket was offered to an agent who does not speak it");

        // Otieno closes his console: he is seen as away on the other host too, at once.
        await otieno.Context.CloseAsync();
        await Eventually.WaitUntil(async () => (await _b.Services.GetRequiredService<IAssignmentStore>().AgentsAsync())
            .Single(a => a.Agent == "otieno").Seen == PresenceStatus.Away, TimeSpan.FromSeconds(30), "otieno seen as away after closing his console");
    }

    [Fact]
    public async Task An_offer_not_accepted_in_time_moves_on_to_the_other_agent_who_accepts_it()
    {
        var (amina, otieno) = await BothAvailableAsync();

        var ticket = await NewTicketAsync();
        var (first, other) = await OfferedOnAsync(ticket, amina, otieno);
        // Nobody answers it on the first screen: after the three seconds it leaves that screen and shows on the other.
        await other.WaitForSelectorAsync(Offer(ticket), new() { Timeout = 10_000 });
        await first.WaitForSelectorAsync(Offer(ticket), new() { State = WaitForSelectorState.Detached });
        var name = other == amina ? "amina" : "otieno";
        Assert.Equal(name, (await Presence.GetOfferAsync(ticket))?.Agent);

        await other.ClickAsync($"{Offer(ticket)} button.accept");
        await other.WaitForSelectorAsync($"#mine li[data-reference='{ticket}']");
        var claimed = await _a.Services.GetRequiredService<IEscalationStore>().GetAsync(ticket);
        Assert.Equal((EscalationStatus.Claimed, name), (claimed!.Status, claimed.Agent));
    }

    [Fact]
    public async Task An_agent_whose_host_is_killed_is_seen_as_away_by_the_other_host_within_the_presence_timeout()
    {
        // Host C, a real process killed with SIGKILL: it says nothing as it goes. Its consoles' heartbeats
        // (renewed every second here, a third of its 3 s presence timeout) simply stop.
        await using var c = await HostProcess.StartReadyAsync(new Dictionary<string, string>
        {
            ["Redis__ConnectionString"] = _redis.ConnectionString, ["Security__RequireSecrets"] = "false",
            ["Assignment__PresenceTimeout"] = "00:00:03", ["Logging__LogLevel__Default"] = "Warning",
            // The console's scripts: the process runs from the tests' output, which has no wwwroot of its own.
            ["ASPNETCORE_WEBROOT"] = WebRoot(),
        });
        var otieno = await SignInAsync(c.BaseUrl, "otieno");
        await SetPresenceAsync(otieno, "otieno", PresenceStatus.Available);

        await c.KillAsync();
        var killed = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.WaitUntil(async () => (await Presence.AgentsAsync()).Single(a => a.Agent == "otieno").Seen == PresenceStatus.Away,
            TimeSpan.FromSeconds(30), "otieno seen as away by host A after his host was killed");
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(5), $"seen as away after {killed.Elapsed.TotalSeconds:0.0} s (presence timeout 3 s)");
        // Nothing is offered to him meanwhile.
        Assert.True(await NotOfferedAsync(await NewTicketAsync()), "a ticket was offered to an agent whose host is gone");
    }
}
