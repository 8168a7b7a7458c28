using System.Net;
using System.Net.Http.Json;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The conversation as an agent reads it, over real HTTP on Redis: who said what, the menu options as the citizen
/// saw them, waiting and handling time apart, and notes between agents that never reach the citizen.
/// </summary>
public sealed class ConversationViewTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "conversation view password";
    private sealed record Csrf(string Token, string Name);

    private static async Task<(StaffClient Agent, string Csrf)> SignInAsync(HudumaHost host, string name, string? displayName = null)
    {
        await host.Services.GetRequiredService<AccountStore>().SaveAsync(name, Roles.Agent, Password, displayName);
        var agent = StaffClient.Create(host);
        await agent.SignInAsync(name, Password);
        return (agent, (await agent.Http.GetFromJsonAsync<Csrf>("/agents/api/csrf"))!.Token);
    }

    private static Func<string, Task> Texter(HudumaHost host, string phone)
    {
        var sms = host.CreateClient();
        return async text => (await sms.PostAsync("/sms/africastalking/inbound", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = phone, ["to"] = "1919", ["text"] = text, ["date"] = "2026-11-27 10:00:00", ["id"] = "ATXid_" + Guid.NewGuid().ToString("N"),
        }))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_sms_ticket_shows_the_option_the_citizen_saw_who_said_each_line_and_stops_waiting_once_claimed()
    {
        await using var host = HudumaHost.OnRedis(redis);
        var (agent, csrf) = await SignInAsync(host, "achieng", "Achieng Otieno");
        var phone = "+254733" + Random.Shared.Next(100_000, 999_999);
        var text = Texter(host, phone);
        await text("1"); // no menu open: the home menu
        await text("1"); // its first option
        await text("AGENT please help");
        var ticket = Assert.Single(await host.Services.GetRequiredService<IEscalationStore>().ListOpenAsync(10_000), t => t.Msisdn == phone);
        var at = $"/agents/api/escalations/{ticket.Reference}";

        var waiting = Assert.Single((await agent.Http.GetFromJsonAsync<List<EscalationView>>("/agents/api/escalations?max=1000"))!, t => t.Reference == ticket.Reference);
        Assert.Null(waiting.HandlingSeconds);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"{at}/claim", new { }, csrf)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"{at}/reply", new { text = "Hello, I am here to help." }, csrf)).StatusCode);
        var detail = (await agent.Http.GetFromJsonAsync<EscalationDetail>(at))!;

        // "1" answered the home menu: the agent reads the option's words, as the citizen was sent them.
        var home = host.Services.GetRequiredService<ContentBundle>().Nodes[MenuNodes.Home].Options![0].Label![Language.En];
        var chose = Assert.Single(detail.Conversation, l => l.From == "citizen" && l.Typed == "1");
        Assert.Equal(home, chose.Text);
        // The first "1" answered no menu (it opened one): kept as typed, not guessed at.
        Assert.Equal("1", detail.Conversation.First(l => l.From == "citizen").Text);
        Assert.All(detail.Conversation.Where(l => l.From == "bot"), l => Assert.Equal("Huduma 1919", l.Name));
        Assert.Equal("Achieng Otieno", Assert.Single(detail.Conversation, l => l.From == "agent").Name);

        // Claimed: the wait stopped at the claim, the handling time runs from it.
        var view = detail.Escalation;
        Assert.NotNull(view.ClaimedAt);
        Assert.Equal(Math.Round((view.ClaimedAt!.Value - view.CreatedAt).TotalSeconds, 1), view.WaitingSeconds);
        Assert.NotNull(view.HandlingSeconds);
        await Task.Delay(1200);
        var later = (await agent.Http.GetFromJsonAsync<EscalationDetail>(at))!.Escalation;
        Assert.Equal(view.WaitingSeconds, later.WaitingSeconds);
        Assert.True(later.HandlingSeconds > view.HandlingSeconds, $"handling {view.HandlingSeconds} then {later.HandlingSeconds}");
    }

    [Fact]
    public async Task A_note_between_agents_stays_on_the_ticket_and_never_reaches_the_citizen_by_sms_or_chat()
    {
        await using var host = HudumaHost.OnRedis(redis);
        var (holder, holderCsrf) = await SignInAsync(host, "njeri");
        var (colleague, colleagueCsrf) = await SignInAsync(host, "kipchoge");
        var store = host.Services.GetRequiredService<IEscalationStore>();

        // SMS: the holder and a colleague each leave a note.
        var phone = "+254744" + Random.Shared.Next(100_000, 999_999);
        await Texter(host, phone)("AGENT my passport is late");
        var sms = Assert.Single(await store.ListOpenAsync(10_000), t => t.Msisdn == phone).Reference;
        await holder.PostJsonAsync($"/agents/api/escalations/{sms}/claim", new { }, holderCsrf);
        var notes = new[] { "NOTE-SMS: checked the register, passport printed on Monday", "NOTE-SMS-2: call before 5 pm" };
        Assert.Equal(HttpStatusCode.OK, (await holder.PostJsonAsync($"/agents/api/escalations/{sms}/notes", new { text = notes[0] }, holderCsrf)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.PostJsonAsync($"/agents/api/escalations/{sms}/notes", new { text = notes[1] }, colleagueCsrf)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await holder.PostJsonAsync($"/agents/api/escalations/{sms}/notes", new { text = " " }, holderCsrf)).StatusCode);
        var detail = (await holder.Http.GetFromJsonAsync<EscalationDetail>($"/agents/api/escalations/{sms}"))!;
        Assert.Equal(notes, detail.Notes.Select(n => n.Text));
        Assert.Equal(["njeri", "kipchoge"], detail.Notes.Select(n => n.Agent));
        Assert.DoesNotContain(detail.Conversation, l => l.Text.StartsWith("NOTE-"));
        Assert.DoesNotContain(await host.Services.GetRequiredService<Huduma.Contact.Sms.Simulator.SimulatorSmsSender>().InboxAsync(phone, 50),
            m => m.Text.Contains("NOTE-"));
        Assert.DoesNotContain(await host.Services.GetRequiredService<SmsThread>().SinceAsync(phone, DateTimeOffset.MinValue), l => l.Text.Contains("NOTE-"));
        // Not on the queue every agent's screen gets, only in the audited detail.
        Assert.DoesNotContain("NOTE-", await holder.Http.GetStringAsync("/agents/api/escalations?status=claimed&max=1000"));

        // Chat: a note on a live chat is not posted into it.
        var citizen = await ChatCitizen.StartAsync(host.CreateClient());
        Task SayAsync(string text) => citizen.SayAsync(text);
        Task<IReadOnlyList<Activity>> ChatLogAsync() => citizen.LogAsync();
        await SayAsync("hi");
        // A tap on the language menu's first button sends its value; the agent reads the button's title.
        var languages = (await ChatLogAsync()).Last(a => a.SuggestedActions is not null).SuggestedActions!.Actions;
        var first = languages[0];
        await SayAsync(first.Value);
        await SayAsync("I need to talk to a person about my lost ID");
        var reference = ChatCitizen.HandoffReference(await ChatLogAsync());
        await holder.PostJsonAsync($"/agents/api/escalations/{reference}/claim", new { }, holderCsrf);
        Assert.Equal(HttpStatusCode.OK, (await colleague.PostJsonAsync($"/agents/api/escalations/{reference}/notes", new { text = "NOTE-CHAT: she called yesterday too" }, colleagueCsrf)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await holder.PostJsonAsync($"/agents/api/escalations/{reference}/reply", new { text = "Pole, let me check." }, holderCsrf)).StatusCode);
        Assert.Contains(await ChatLogAsync(), a => a.Text == "Pole, let me check.");
        Assert.DoesNotContain(await ChatLogAsync(), a => (a.Text ?? "").Contains("NOTE-") || a.Value?.ToString()?.Contains("NOTE-") == true);
        var chatDetail = (await holder.Http.GetFromJsonAsync<EscalationDetail>($"/agents/api/escalations/{reference}"))!;
        Assert.Equal("NOTE-CHAT: she called yesterday too", Assert.Single(chatDetail.Notes).Text);
        Assert.Contains(chatDetail.Conversation, l => l.From == "citizen" && l.Text == first.Title);
        Assert.DoesNotContain(chatDetail.Conversation, l => l.From == "citizen" && l.Text == first.Value);
    }

    private sealed record Revealed(string? Phone, string? DocumentNumber, List<RevealedDocument> Documents);
    private sealed record RevealedDocument(string Type, string Number);

    [Fact]
    public async Task The_contact_panel_lists_the_phones_documents_masked_and_its_earlier_tickets_with_ratings_and_a_reveal_of_them_is_audited()
    {
        await using var host = HudumaHost.OnRedis(redis);
        var (agent, csrf) = await SignInAsync(host, "wambui");
        var phone = "+254755" + Random.Shared.Next(100_000, 999_999);
        var number = "3" + Random.Shared.Next(1_000_000, 9_999_999);
        await host.Services.GetRequiredService<Huduma.Contact.Core.Register.IDocumentRegister>().UpsertAsync(new Huduma.Contact.Core.Register.RegisteredDocument
        {
            Type = "national_id", Number = number, HolderName = "Wanjiku Kamau", Phones = [phone], CentreId = "nairobi-gpo",
            Status = Huduma.Contact.Core.Register.DocumentStatus.ReadyForCollection, WaitingCardRef = "WC" + number, ReadyOn = new DateOnly(2026, 11, 20),
        });
        var store = host.Services.GetRequiredService<IEscalationStore>();
        var desk = host.Services.GetRequiredService<EscalationDesk>();
        var earlier = await store.CreateAsync(new NewEscalation("ussd", phone, "sw", "callback", ["main:4"]));
        await desk.ClaimAsync(earlier.Reference, "otieno");
        await desk.ResolveAsync(earlier.Reference, "otieno", "called-back");
        await desk.RateAsync(earlier.Reference, 2);
        var ticket = await store.CreateAsync(new NewEscalation("sms", phone, "en", "sms-agent", ["sms:agent"]));
        await store.CreateAsync(new NewEscalation("sms", "+254755000001", "en", "sms-agent", ["sms:agent"])); // another citizen's

        var at = $"/agents/api/escalations/{ticket.Reference}";
        await agent.PostJsonAsync($"{at}/claim", new { }, csrf);
        var raw = await agent.Http.GetStringAsync(at);
        var contact = System.Text.Json.JsonSerializer.Deserialize<EscalationDetail>(raw, System.Text.Json.JsonSerializerOptions.Web)!.Contact!;
        Assert.Equal(("sms", "en", Huduma.Contact.Core.Privacy.Mask.Phone(phone)), (contact.Channel, contact.Language, contact.Phone));
        var document = Assert.Single(contact.Documents);
        Assert.Equal(("national_id", Huduma.Contact.Core.Privacy.Mask.Number(number), "ReadyForCollection"), (document.Type, document.Number, document.Status));
        Assert.DoesNotContain(number, raw);
        Assert.DoesNotContain("Wanjiku", raw);
        var before = Assert.Single(contact.Earlier);
        Assert.Equal((earlier.Reference, "ussd", "called-back", (int?)2), (before.Reference, before.Channel, before.Resolution, before.Rating));

        // Reveal shows the document's number too, and the audit says documents were revealed (not which number).
        var revealed = (await (await agent.PostJsonAsync($"{at}/reveal", new { }, csrf)).Content.ReadFromJsonAsync<Revealed>())!;
        Assert.Equal(phone, revealed.Phone);
        Assert.Equal(number, Assert.Single(revealed.Documents).Number);
        var audit = await host.Services.GetRequiredService<Huduma.Contact.Core.Privacy.PersonalDataAudit>()
            .ReadAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3)), DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3)), 0, 500);
        var reveal = Assert.Single(audit.Entries, e => e.Subject == ticket.Reference && e.What == Huduma.Contact.Core.Privacy.PersonalDataKinds.Numbers);
        Assert.Contains("documents", reveal.Detail);
        Assert.DoesNotContain(number, reveal.Detail);
    }
}
