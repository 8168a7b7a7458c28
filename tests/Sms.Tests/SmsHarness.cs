using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Huduma.Contact.Sms.Tests;

/// <summary>
/// The SMS channel without the host: AddSms's own registrations over Core's engine on the shipped content with
/// in-memory stores (<see cref="EngineHarness"/>) and an in-memory outbound queue, built by the container as the
/// host builds them, so the tests name no constructor. Every write to the store is noted (<see cref="Store"/>).
/// </summary>
internal sealed class SmsHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public EngineHarness Core { get; } = new();
    public RecordingStateStore Store { get; }
    public InMemorySmsQueue Queue { get; } = new(TimeProvider.System);

    public SmsHarness()
    {
        Store = new RecordingStateStore(Core.Store);
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IStateStore>(Store);
        services.AddSingleton(Core.Content);
        services.AddSingleton(Core.Engine);
        services.AddSingleton(Core.Lookup);
        services.AddSingleton<IDocumentRegister>(Core.Register);
        services.AddSingleton<IEscalationStore>(Core.Escalations);
        services.AddSingleton<EscalationDesk>();
        services.AddSingleton<PhoneProfiles>();
        services.AddSingleton<DailyCounters>();
        services.AddSingleton(AgentHours.Default(TimeProvider.System));
        services.AddSingleton<Conversations>();
        services.AddSingleton<RatingReplies>();
        services.AddSingleton(new MessageStatus(Core.Content, Core.Lookup)); // its constructor is internal: the container cannot call it
        services.AddSingleton<ISmsQueue>(Queue);
        services.AddSms(new ConfigurationBuilder().Build());
        _services = services.BuildServiceProvider();
        Core.Register.UpsertAsync(EngineHarness.ReadyId).GetAwaiter().GetResult();
    }

    public SmsInbox Inbox => _services.GetRequiredService<SmsInbox>();
    public SmsOutbox Outbox => _services.GetRequiredService<SmsOutbox>();

    /// <summary>A reply already sent through <paramref name="provider"/> under its id, waiting for delivery reports.</summary>
    public async Task<SentSms> SentAsync(string provider, string providerMessageId, string to)
    {
        var sent = await Outbox.RecordAsync(new OutboundSms(to, "Your ID is ready.", "reply", "reply:" + providerMessageId));
        sent.Provider = provider;
        sent.ProviderMessageId = providerMessageId;
        sent.Status = SmsDeliveryStatus.Sent;
        await Outbox.SaveAsync(sent);
        return sent;
    }

    public void Dispose() => _services.Dispose();
}
