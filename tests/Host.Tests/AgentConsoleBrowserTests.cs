using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// /agents in headless Chromium, with two hosts on one Redis (agents on different hosts see the same
/// queue through SignalR's Redis backplane): a chat handoff arrives live, one agent claims it and the
/// other's queue loses it, the reply reaches the citizen's chat, the citizen's answer reaches the agent,
/// resolve hands the chat back to the bot.
/// </summary>
public sealed class AgentConsoleBrowserTests(AgentConsoleBrowserTests.TwoHostsOnRedis hosts)
    : SharedBrowserTests(hosts.Chromium), IClassFixture<AgentConsoleBrowserTests.TwoHostsOnRedis>
{
    private const string Password = BrowserHostFixture.Password;
    private HudumaHost A => hosts.Host;
    private string UrlA => hosts.Url;
    private string UrlB => hosts.UrlB;

    /// <summary>
    /// Host A and host B on one Redis of their own, with two agents and a supervisor. Not shared with other
    /// classes: these tests read the dashboard's figures (no reminders yet, ratings, audits) that other
    /// classes' tests change, and need the two hosts.
    /// </summary>
    public sealed class TwoHostsOnRedis : BrowserHostFixture
    {
        public HudumaHost B { get; private set; } = null!;
        public string UrlB { get; private set; } = "";
        private RedisServer _redis = null!;

        protected override async Task<HudumaHost> CreateHostAsync()
        {
            _redis = await StartRedisAsync();
            return HudumaHost.OnRedis(_redis);
        }

        protected override async Task PrepareAsync()
        {
            B = DisposedWithFixture(HudumaHost.OnRedis(_redis));
            UrlB = B.StartOnKestrel();
            await SaveStaffAsync(("amina", Roles.Agent), ("otieno", Roles.Agent), ("mwangi", Roles.Supervisor));
        }
    }

    private async Task<IPage> SignInAsync(string url, string name, string path = "/agents")
    {
        var page = await hosts.SignedInAsync(name, path, url);
        if (path == "/agents") Assert.Equal(name, await page.TextContentAsync("#who"));
        return page;
    }

    [Fact]
    public async Task The_dashboards_reminder_chart_without_reminders_shows_its_axes_and_says_no_data_yet()
    {
        var supervisor = await SignInAsync(UrlA, "mwangi", "/agents/dashboard");
        var chart = supervisor.Locator("#chart-reminders");
        Assert.Contains("no data yet", await chart.TextContentAsync());
        Assert.True(await chart.Locator("svg line").CountAsync() >= 2, "no axes");
        Assert.Equal(0, await chart.Locator("svg rect").CountAsync());

        // One reminder sent today: the bars are back, two a day.
        await A.Services.GetRequiredService<Huduma.Contact.Core.State.DailyCounters>().CountAsync(Huduma.Contact.Core.State.DailyCounters.RemindersSent);
        await supervisor.ReloadAsync();
        await supervisor.WaitForSelectorAsync("body[data-ready='true']");
        Assert.Equal(SupervisorDashboard.ReminderDays * 2, await chart.Locator("svg rect").CountAsync());
        Assert.DoesNotContain("no data yet", await chart.TextContentAsync());
    }

    [Fact]
    public async Task An_agent_disabled_through_another_host_sees_their_console_say_they_are_signed_out_with_the_tickets_gone()
    {
        await A.Services.GetRequiredService<AccountStore>().SaveAsync("wambui", Roles.Agent, Password);
        var wambui = await SignInAsync(UrlB, "wambui");
        var ticket = await A.Services.GetRequiredService<IEscalationStore>().CreateAsync(
            new NewEscalation("sms", "+254722" + Random.Shared.Next(100_000, 999_999), "en", "sms-agent", ["sms:agent"]));
        // Hers (the queue shows only the longest-waiting 100, and this class's other tests leave tickets waiting).
        Assert.True((await A.Services.GetRequiredService<EscalationDesk>().ClaimAsync(ticket.Reference, "wambui")).Succeeded);
        await wambui.WaitForSelectorAsync($"#mine li[data-reference='{ticket.Reference}']");

        // Disabled on host A; host B closes the console's feed at its next check, and the console asks after its sign-in.
        await A.Services.GetRequiredService<AccountStore>().SetDisabledAsync("wambui", true);
        var notice = wambui.Locator("#signed-out");
        await notice.WaitForAsync(new() { Timeout = 15_000 });
        Assert.Contains("can no longer use the agent console", await notice.TextContentAsync());
        Assert.Equal("alert", await notice.GetAttributeAsync("role"));
        Assert.Equal(0, await wambui.Locator("#queue, #mine").CountAsync());
        Assert.DoesNotContain(ticket.Reference, await wambui.ContentAsync());
        Assert.Equal("/login?returnUrl=%2Fagents", await wambui.GetAttributeAsync("#main a", "href"));
    }

    [Fact]
    public async Task A_chat_handoff_arrives_live_on_both_hosts_one_agent_takes_it_replies_and_resolves()
    {
        var amina = await SignInAsync(UrlA, "amina");
        var otieno = await SignInAsync(UrlB, "otieno");

        // The citizen chats through host B.
        using var http = new HttpClient { BaseAddress = new Uri(UrlB) };
        var citizen = await ChatCitizen.StartAsync(http);
        var reference = await citizen.AskForAnAgentAsync();
        Task SayAsync(string text) => citizen.SayAsync(text);
        Task<IReadOnlyList<Activity>> ChatLogAsync() => citizen.LogAsync();

        // Live on both agents' screens, with what the citizen said.
        var inQueue = $"#queue li[data-reference='{reference}']";
        await amina.WaitForSelectorAsync(inQueue);
        await otieno.WaitForSelectorAsync(inQueue);
        Assert.Contains("my lost ID", await amina.TextContentAsync(inQueue) ?? "", StringComparison.OrdinalIgnoreCase);

        await amina.ClickAsync($"{inQueue} button.claim");
        await amina.WaitForSelectorAsync($"#mine li[data-reference='{reference}']");
        await otieno.WaitForSelectorAsync(inQueue, new() { State = WaitForSelectorState.Detached });
        await amina.WaitForFunctionAsync("() => document.querySelector('#d-messages').textContent.includes('my lost ID')");

        await amina.FillAsync("#reply-text", "Pole! Report the loss to the police first, then bring the abstract to a Huduma Centre.");
        await amina.ClickAsync("#reply button[type=submit]");
        bool Replied(IReadOnlyList<Activity> log) => log.Any(a => a.From?.Name == "amina" && a.Text?.StartsWith("Pole! Report the loss") == true);
        for (var i = 0; i < 50 && !Replied(await ChatLogAsync()); i++) await Task.Delay(100);
        Assert.True(Replied(await ChatLogAsync()), "the agent's reply never reached the chat");

        await SayAsync("Asante, which centre is nearest to Kisumu?");
        await amina.WaitForFunctionAsync("() => document.querySelector('#d-messages').textContent.includes('nearest to Kisumu')");

        await amina.SelectOptionAsync("#category", "requirements");
        await amina.ClickAsync("#resolve button[type=submit]");
        await amina.WaitForSelectorAsync("#detail", new() { State = WaitForSelectorState.Hidden });
        for (var i = 0; i < 50 && !(await ChatLogAsync()).Any(a => a.Text?.StartsWith("The agent has closed this chat.") == true); i++) await Task.Delay(100);
        Assert.Contains(await ChatLogAsync(), a => a.Text?.StartsWith("The agent has closed this chat.") == true);

        // The citizen taps 4 of the rating buttons: recorded on the ticket, and the bot is back.
        await SayAsync("4");
        Assert.Contains(await ChatLogAsync(), a => a.Text?.StartsWith("Thank you for your rating.") == true);
        Assert.Equal(4, (await A.Services.GetRequiredService<IEscalationStore>().GetAsync(reference))!.Rating);

        // The supervisor's dashboard counts it among today's handled chats.
        var supervisor = await SignInAsync(UrlB, "mwangi", "/agents/dashboard");
        var handled = await supervisor.TextContentAsync("#today tr[data-channel='chat'] td:nth-child(2)");
        Assert.True(int.Parse(handled!) >= 1, $"handled chats today: {handled}");
        // Drawn as charts too: a bar for each rating, the 4 at least one high.
        var fours = await supervisor.GetAttributeAsync("#chart-ratings rect:nth-of-type(4)", "data-value");
        Assert.True(int.Parse(fours!) >= 1, $"ratings of 4 drawn: {fours}");
    }

    [Fact]
    public async Task Opening_a_ticket_in_the_console_is_audited_and_a_supervisor_sees_who_opened_it_on_the_dashboard()
    {
        var amina = await SignInAsync(UrlA, "amina");
        var phone = "+254722" + Random.Shared.Next(100_000, 999_999);
        var ticket = await A.Services.GetRequiredService<IEscalationStore>().CreateAsync(
            new NewEscalation("sms", phone, "en", "sms-agent", ["sms:agent"], "national_id", "3" + Random.Shared.Next(1_000_000, 9_999_999)));
        var inQueue = $"#queue li[data-reference='{ticket.Reference}']";
        await amina.WaitForSelectorAsync(inQueue);
        await amina.ClickAsync($"{inQueue} button.claim");
        await amina.WaitForFunctionAsync($"() => document.querySelector('#d-title').textContent.startsWith('{ticket.Reference}')");
        await amina.ClickAsync("#reveal");
        await amina.WaitForFunctionAsync($"() => document.querySelector('#d-revealed').textContent.includes('{phone}')");

        // On another host, the supervisor's dashboard lists both looks, newest first, without the numbers seen.
        var supervisor = await SignInAsync(UrlB, "mwangi", "/agents/dashboard");
        var opened = supervisor.Locator($"#audit-table tr[data-subject='{ticket.Reference}'][data-what='sms-thread']");
        await opened.WaitForAsync();
        var row = await opened.TextContentAsync();
        Assert.Contains("amina", row);
        Assert.Contains("opened the SMS thread", row);
        Assert.Contains("console", row);
        Assert.Contains("127.0.0.1", row);
        var rows = await supervisor.Locator($"#audit-table tr[data-subject='{ticket.Reference}']").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.what)");
        Assert.Equal(["numbers", "sms-thread"], rows);
        Assert.DoesNotContain(phone, await supervisor.TextContentAsync("#audit-table"));

        // An agent is not shown the audit.
        await amina.GotoAsync(UrlA + "/agents/dashboard");
        Assert.Contains("/denied", amina.Url);
    }

    [Fact]
    public async Task Two_agents_clicking_claim_at_once_in_their_browsers_one_gets_the_ticket_the_other_is_told()
    {
        var amina = await SignInAsync(UrlA, "amina");
        var otieno = await SignInAsync(UrlB, "otieno");
        var told = new TaskCompletionSource<string>();
        amina.Dialog += (_, d) => { told.TrySetResult(d.Message); _ = d.DismissAsync(); };
        otieno.Dialog += (_, d) => { told.TrySetResult(d.Message); _ = d.DismissAsync(); };

        var ticket = await A.Services.GetRequiredService<IEscalationStore>().CreateAsync(
            new NewEscalation("sms", "+254722" + Random.Shared.Next(100_000, 999_999), "en", "sms-agent", ["sms:MY ID IS LOST"]));
        var inQueue = $"#queue li[data-reference='{ticket.Reference}']";
        await amina.WaitForSelectorAsync(inQueue);
        await otieno.WaitForSelectorAsync(inQueue);
        // Each holds its button, then both click at once (the first claim's update may remove the other's button).
        var hold = $"() => {{ window.claimButton = document.querySelector(\"{inQueue} button.claim\"); }}";
        await Task.WhenAll(amina.EvaluateAsync(hold), otieno.EvaluateAsync(hold));
        await Task.WhenAll(amina.EvaluateAsync("() => window.claimButton.click()"), otieno.EvaluateAsync("() => window.claimButton.click()"));

        var message = await told.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var holder = (await A.Services.GetRequiredService<IEscalationStore>().GetAsync(ticket.Reference))!.Agent;
        Assert.Contains(holder, new[] { "amina", "otieno" });
        Assert.Contains($"{ticket.Reference} is held by {holder}", message);
        var (winner, loser) = holder == "amina" ? (amina, otieno) : (otieno, amina);
        await winner.WaitForSelectorAsync($"#mine li[data-reference='{ticket.Reference}']");
        await loser.WaitForSelectorAsync(inQueue, new() { State = WaitForSelectorState.Detached });
        Assert.Equal(0, await loser.Locator($"#mine li[data-reference='{ticket.Reference}']").CountAsync());
    }

    [Fact]
    public async Task A_USSD_call_back_and_an_SMS_agent_message_arrive_with_their_context_the_agent_logs_the_call_and_answers_the_sms()
    {
        var amina = await SignInAsync(UrlA, "amina");
        using var provider = new HttpClient { BaseAddress = new Uri(UrlB) };
        var ussdPhone = "+254711" + Random.Shared.Next(100_000, 999_999);
        var session = "ATUid_" + Guid.NewGuid().ToString("N");
        async Task<string> HopAsync(string text) => await (await provider.PostAsync("/ussd/africastalking", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["sessionId"] = session, ["serviceCode"] = "*384*1919#", ["phoneNumber"] = ussdPhone, ["text"] = text })))
            .EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        await HopAsync("");
        await HopAsync("1");
        var confirm = await HopAsync("1*4");
        var yes = System.Text.RegularExpressions.Regex.Match(confirm, @"(\d+)\. Yes").Groups[1].Value;
        var ussdReference = System.Text.RegularExpressions.Regex.Match(await HopAsync("1*4*" + yes), "HK[0-9]{6}").Value;

        var smsPhone = "+254722" + Random.Shared.Next(100_000, 999_999);
        async Task TextAsync(string text) => (await provider.PostAsync("/sms/africastalking/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = smsPhone, ["to"] = "1919", ["text"] = text, ["date"] = "2026-11-27 10:00:00", ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"),
        }))).EnsureSuccessStatusCode();
        await TextAsync("centre Kisumu");
        await TextAsync("AGENT I lost my ID at the centre");
        var smsReference = Assert.Single(await A.Services.GetRequiredService<IEscalationStore>().ListOpenAsync(10_000), t => t.Msisdn == smsPhone).Reference;

        // Both live in the queue with what the citizen already did: the USSD menu path, the SMS words.
        var ussdItem = $"#queue li[data-reference='{ussdReference}']";
        var smsItem = $"#queue li[data-reference='{smsReference}']";
        await amina.WaitForSelectorAsync(ussdItem);
        await amina.WaitForSelectorAsync(smsItem);
        Assert.Contains("ussd", await amina.TextContentAsync(ussdItem));
        Assert.Contains("Request a call back", await amina.TextContentAsync(ussdItem)); // the path in the menus' words, not node ids
        Assert.Contains("I LOST MY ID AT THE CENTRE", (await amina.TextContentAsync(smsItem))!.ToUpperInvariant());

        // The call back: no chat box, a call form; the outcome lands on the ticket.
        await amina.ClickAsync($"{ussdItem} button.claim");
        await amina.WaitForSelectorAsync("#call", new() { State = WaitForSelectorState.Visible });
        Assert.False(await amina.IsVisibleAsync("#reply"));
        await amina.SelectOptionAsync("#call-outcome", "no-answer");
        await amina.FillAsync("#call-note", "phone rang out");
        await amina.ClickAsync("#call button[type=submit]");
        await amina.WaitForFunctionAsync("() => document.querySelector('#d-calls').textContent.includes('no-answer (phone rang out)')");
        Assert.Equal("no-answer", (await A.Services.GetRequiredService<IEscalationStore>().GetAsync(ussdReference))!.Calls.Single().Outcome);
        await amina.ClickAsync("#release");

        // The SMS: the thread before the request is shown; a canned reply in English goes out by SMS.
        await amina.ClickAsync($"{smsItem} button.claim");
        await amina.WaitForFunctionAsync("() => document.querySelector('#d-messages').textContent.includes('centre Kisumu')");
        await amina.SelectOptionAsync("#canned", "ask-number");
        var text = await amina.InputValueAsync("#reply-text");
        Assert.StartsWith("Please send me the document number", text);
        await amina.ClickAsync("#reply button[type=submit]");
        var inbox = A.Services.GetRequiredService<Huduma.Contact.Sms.Simulator.SimulatorSmsSender>();
        for (var i = 0; i < 50 && !(await inbox.InboxAsync(smsPhone, 20)).Any(m => m.Text == text); i++) await Task.Delay(100);
        Assert.Contains(await inbox.InboxAsync(smsPhone, 20), m => m.Text == text);
        await amina.WaitForFunctionAsync("() => [...document.querySelectorAll('#d-messages li.agent .text')].some(t => t.textContent.startsWith('Please send me'))");
    }

    [Fact]
    public async Task A_new_ticket_beeps_counts_in_the_title_and_is_marked_unread_and_once_claimed_reads_as_bubbles_with_sender_and_Nairobi_time()
    {
        var amina = await SignInAsync(UrlA, "amina");
        var store = A.Services.GetRequiredService<IEscalationStore>();
        var desk = A.Services.GetRequiredService<EscalationDesk>();
        var phone = "+254722" + Random.Shared.Next(100_000, 999_999);
        // An earlier ticket from the same phone, resolved and rated 4: the contact panel lists it.
        var earlier = await store.CreateAsync(new NewEscalation("ussd", phone, "en", "callback", ["main:4"]));
        await desk.ClaimAsync(earlier.Reference, "otieno");
        await desk.ResolveAsync(earlier.Reference, "otieno", "called-back");
        await desk.RateAsync(earlier.Reference, 4);
        await amina.WaitForSelectorAsync($"#queue li[data-reference='{earlier.Reference}']", new() { State = WaitForSelectorState.Detached });
        await amina.WaitForFunctionAsync("() => document.title === 'Huduma agents'"); // it came and went: nothing unread

        // 07:05 UTC is 10:05 in Nairobi.
        var at = new DateTimeOffset(2026, 11, 27, 7, 5, 0, TimeSpan.Zero);
        var ticket = await store.CreateAsync(new NewEscalation("sms", phone, "sw", "sms-agent", ["sms:agent"])
        {
            Transcript =
            [
                new TranscriptLine(at, "citizen", "Habari"),
                new TranscriptLine(at.AddSeconds(5), "bot", "Chagua lugha:\n1 English\n2 Kiswahili"),
                new TranscriptLine(at.AddMinutes(1), "citizen", "2"),
            ],
        });
        var item = $"#queue li[data-reference='{ticket.Reference}']";
        await amina.WaitForSelectorAsync(item + ".unread");
        await amina.WaitForFunctionAsync("() => document.title === '(1) Huduma agents'");
        Assert.True(int.Parse(await amina.EvaluateAsync<string>("() => document.body.dataset.beeps || '0'")) >= 1, "no beep");

        await amina.ClickAsync($"{item} button.claim");
        await amina.WaitForFunctionAsync("() => document.querySelectorAll('#d-messages li.bubble').length === 3");
        Assert.Equal("Huduma agents", await amina.TitleAsync());
        Assert.Equal(0, await amina.Locator($"li.unread[data-reference='{ticket.Reference}']").CountAsync());

        // Each bubble says who and when (Nairobi time); the "2" reads as the option the citizen was sent.
        var whos = await amina.Locator("#d-messages li.bubble .who").AllTextContentsAsync();
        Assert.Equal(["Citizen · 10:05 EAT", "Huduma 1919 · 10:05 EAT", "Citizen · 10:06 EAT"], whos);
        Assert.Equal("Kiswahili", await amina.TextContentAsync("#d-messages li.bubble:nth-child(3) .text"));
        Assert.Contains("typed 2", await amina.TextContentAsync("#d-messages li.bubble:nth-child(3)"));
        // The citizen on one side, the bot on the other; not full-width rows.
        var sides = await amina.EvaluateAsync<double[]>("""
            () => { const [c, b] = [...document.querySelectorAll('#d-messages li.bubble')].map(li => li.getBoundingClientRect());
                    const list = document.querySelector('#d-messages').getBoundingClientRect();
                    return [c.left - list.left, list.right - b.right, c.width / list.width]; }
            """);
        Assert.True(sides[0] < 20 && sides[1] < 20 && sides[2] < 0.8, $"bubbles: {string.Join(", ", sides)}");

        // Waited stops at the claim; handling runs apart.
        var mine = await amina.TextContentAsync($"#mine li[data-reference='{ticket.Reference}']");
        Assert.Contains("waited", mine);
        Assert.Contains("handling", mine);
        Assert.DoesNotContain("waiting", mine);

        // The contact panel: channel, language, masked phone, the earlier ticket and its rating.
        Assert.Equal("Kiswahili", await amina.TextContentAsync("#c-facts dd[data-fact=language]"));
        Assert.Equal(Huduma.Contact.Core.Privacy.Mask.Phone(phone), await amina.TextContentAsync("#c-facts dd[data-fact=phone]"));
        Assert.Contains("rated 4/5", await amina.TextContentAsync($"#c-earlier li[data-reference='{earlier.Reference}']"));

        // The agent's reply by SMS, under their name; a note for colleagues stays in the notes.
        await amina.FillAsync("#reply-text", "Karibu, nitakusaidia.");
        await amina.ClickAsync("#reply button[type=submit]");
        await amina.WaitForFunctionAsync("() => [...document.querySelectorAll('#d-messages li.agent .who')].some(w => w.textContent.startsWith('amina · '))");
        await amina.FillAsync("#note-text", "Asked in Kiswahili; prefers a call after 5");
        await amina.ClickAsync("#note button[type=submit]");
        await amina.WaitForFunctionAsync("() => document.querySelector('#d-notes').textContent.includes('prefers a call after 5')");
        Assert.DoesNotContain("prefers a call", await amina.TextContentAsync("#d-messages"));
    }

    [Fact]
    public async Task An_agent_is_refused_the_supervisors_page_and_five_wrong_passwords_lock_an_account()
    {
        var otieno = await SignInAsync(UrlA, "otieno");
        var response = await otieno.GotoAsync(UrlA + "/agents/dashboard");
        Assert.Equal(403, response!.Status);
        Assert.Contains("does not have the role", await otieno.TextContentAsync("body"));

        await A.Services.GetRequiredService<AccountStore>().SaveAsync("baraka", Roles.Agent, Password);
        var page = await hosts.NewPageAsync();
        await page.GotoAsync(UrlA + "/agents");
        for (var i = 0; i < AccountStore.MaxFailedSignIns; i++)
        {
            await page.FillAsync("input[name=name]", "baraka");
            await page.FillAsync("input[name=password]", "not the password " + i);
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync("input[name=password]");
        }
        // Now even the right password is refused, with the reason.
        await page.FillAsync("input[name=name]", "baraka");
        await page.FillAsync("input[name=password]", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("text=locked for 15 minutes");
        Assert.DoesNotContain("/agents", new Uri(page.Url).AbsolutePath);
    }
}
