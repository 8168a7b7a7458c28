using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Host.Accounts;
using Huduma.Contact.Host.Agents;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Host.Tests;

/// <summary>SLAs per channel over real HTTP on Redis, with the host's clock set by the test: deadlines shown, a breach raised and counted once.</summary>
public sealed class SlaTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "an SLA supervisor's password";

    private HudumaHost Host(FakeTimeProvider clock, params (string Key, string? Value)[] more) =>
        new(new Dictionary<string, string?>(more.Select(m => KeyValuePair.Create(m.Key, m.Value))) { ["Redis:ConnectionString"] = redis.ConnectionString })
        { Overrides = s => s.AddSingleton<TimeProvider>(clock) };

    private static async Task<StaffClient> SignedInAsync(HudumaHost host, string name, string role)
    {
        await host.Services.GetRequiredService<AccountStore>().SaveAsync(name, role, Password);
        var client = StaffClient.Create(host);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(name, Password)).StatusCode);
        return client;
    }

    /// <summary>Sums what the host's "huduma.sla.breaches" counter records, per channel.</summary>
    private sealed class BreachCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counted = [];

        public BreachCounter(IMeterFactory hostMeters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "huduma.sla.breaches" && instrument.Meter.Scope == hostMeters) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var channel = (string)tags.ToArray().Single(t => t.Key == "channel").Value!;
                lock (_counted) _counted[channel] = _counted.GetValueOrDefault(channel) + value;
            });
            _listener.Start();
        }

        public long Of(string channel) { lock (_counted) return _counted.GetValueOrDefault(channel); }
        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task A_chat_not_taken_by_its_deadline_is_raised_to_supervisors_and_counted_once_however_often_the_hosts_sweep()
    {
        // Monday 10:00 in Nairobi; a chat's target set to 30 s here, call-backs keep the sample default (4 working hours).
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 7, 14, 7, 0, 0, TimeSpan.Zero));
        await using var host = Host(clock, ("Sla:Channels:chat:Within", "00:00:30"));
        var supervisor = await SignedInAsync(host, "mwangi", Roles.Supervisor);
        using var counter = new BreachCounter(host.Services.GetRequiredService<IMeterFactory>());
        var store = host.Services.GetRequiredService<IEscalationStore>();
        var chat = await store.CreateAsync(new NewEscalation("chat", null, "en", "handoff", []));
        var callback = await store.CreateAsync(new NewEscalation("ussd", "+254722000471", "en", "callback", ["main:4"]));

        var queue = (await supervisor.Http.GetFromJsonAsync<List<EscalationView>>("/agents/api/escalations"))!;
        Assert.Equal(chat.CreatedAt.AddSeconds(30), queue.Single(t => t.Reference == chat.Reference).SlaDeadline);
        Assert.Equal(callback.CreatedAt.AddHours(4), queue.Single(t => t.Reference == callback.Reference).SlaDeadline);

        clock.Advance(TimeSpan.FromSeconds(31));
        // Two hosts' sweeps (the worker's own, run by the clock's tick, is a third): one breach.
        var worker = host.Services.GetRequiredService<SlaWorker>();
        await worker.SweepAsync();
        await worker.SweepAsync();
        await Eventually.WaitUntil(() => Task.FromResult(counter.Of("chat") > 0), TimeSpan.FromSeconds(5), "the breach counted");

        var figures = (await supervisor.Http.GetFromJsonAsync<SlaFigures>("/agents/api/sla"))!;
        Assert.Equal([new OverdueTicket(chat.Reference, "chat", chat.CreatedAt.AddSeconds(30), 1)], figures.Overdue);
        Assert.Equal(1, figures.OverdueCount);
        Assert.Equal(new ChannelBreaches("chat", 1, 1), figures.Breaches.Single(b => b.Channel == "chat"));
        Assert.Equal(new ChannelBreaches("ussd", 0, 0), figures.Breaches.Single(b => b.Channel == "ussd"));
        Assert.Equal(new SlaTargetView("voice", 4 * 3600, true), figures.Targets.Single(t => t.Channel == "voice"));
        Assert.Equal(1, counter.Of("chat"));

        // Taken late: no longer overdue, still one breach.
        Assert.True((await host.Services.GetRequiredService<EscalationDesk>().ClaimAsync(chat.Reference, "amina")).Succeeded);
        var after = (await supervisor.Http.GetFromJsonAsync<SlaFigures>("/agents/api/sla"))!;
        Assert.Empty(after.Overdue);
        Assert.Equal(1, after.Breaches.Single(b => b.Channel == "chat").Today);
    }

    [Fact]
    public async Task Agents_may_not_read_the_SLA_figures()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 7, 15, 7, 0, 0, TimeSpan.Zero));
        await using var host = Host(clock);
        var agent = await SignedInAsync(host, "wanjiru", Roles.Agent);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/agents/api/sla")).StatusCode);
    }
}
