using Huduma.Contact.Core.Escalations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Core.Tests;

public sealed class EscalationRetentionTests
{
    [Fact]
    public async Task Resolved_tickets_older_than_the_retention_are_purged_in_batches_open_and_recent_ones_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var store = new InMemoryEscalationStore(clock);
        var desk = new EscalationDesk(store, clock);
        async Task<Escalation> ResolvedAsync()
        {
            var t = await store.CreateAsync(new NewEscalation("sms", "+254722000001", "en", "sms-agent", []));
            await desk.ClaimAsync(t.Reference, "amina");
            await desk.ResolveAsync(t.Reference, "amina", "answered");
            return t;
        }
        var old = new List<Escalation>();
        for (var i = 0; i < 2_500; i++) old.Add(await ResolvedAsync()); // more than one batch
        var waiting = await store.CreateAsync(new NewEscalation("ussd", "+254722000002", "en", "callback", []));
        clock.Advance(TimeSpan.FromDays(2));
        var recent = await ResolvedAsync();
        clock.Advance(TimeSpan.FromDays(89));

        var retention = new EscalationRetention(store, new EscalationRetentionOptions { KeepResolvedDays = 90 }, clock, NullLogger<EscalationRetention>.Instance);
        Assert.Equal(2_500, await retention.RunAsync());
        Assert.Null(await store.GetAsync(old[0].Reference));
        Assert.Null(await store.GetAsync(old[^1].Reference));
        Assert.NotNull(await store.GetAsync(recent.Reference));
        Assert.NotNull(await store.GetAsync(waiting.Reference)); // never resolved: never purged, however old
        Assert.Equal(0, await retention.RunAsync());
    }
}
