using Huduma.Contact.Core.Escalations;

namespace Huduma.Contact.Core.Tests;

public sealed class AnnouncedEscalationsTests
{
    private sealed class Listener : IEscalationListener
    {
        public List<(Escalation? Before, Escalation After)> Heard { get; } = [];

        public Task OnChangedAsync(Escalation? before, Escalation after, CancellationToken ct)
        {
            lock (Heard) Heard.Add((before, after));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_retried_request_for_the_same_ticket_is_not_announced_as_a_new_ticket_again()
    {
        var listener = new Listener();
        var store = new AnnouncedEscalations(new InMemoryEscalationStore(TimeProvider.System), () => [listener]);
        var request = new NewEscalation("sms", "+254722000005", "en", "sms-agent", [], IdempotencyKey: "sms:SM-retried");

        var first = await store.CreateAsync(request);
        var retried = await store.CreateAsync(request);

        Assert.Equal(first.Reference, retried.Reference);
        Assert.Single(listener.Heard, h => h.Before is null);
    }
}
