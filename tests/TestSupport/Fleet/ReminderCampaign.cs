using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using StackExchange.Redis;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// A reminder campaign written straight into Redis: documents ready for collection, each with its first
/// reminder due now, each to a phone of its own (<see cref="PhonePrefix"/> and five digits), so what the
/// provider took tells which reminders went and how often.
/// </summary>
public static class ReminderCampaign
{
    public const string PhonePrefix = "+2547303";

    public static async Task ScheduleAsync(IConnectionMultiplexer redis, int reminders)
    {
        var register = new RedisDocumentRegister(redis);
        var store = new RedisReminderStore(redis);
        for (var i = 0; i < reminders; i++)
        {
            var document = new RegisteredDocument
            {
                Type = "national_id", Number = (47_000_000 + i).ToString(), HolderName = "Holder", Phones = [$"{PhonePrefix}{i:D5}"],
                CentreId = "nairobi-gpo", Status = DocumentStatus.ReadyForCollection, WaitingCardRef = "WC1", ReadyOn = new DateOnly(2026, 11, 1),
            };
            await register.UpsertAsync(document);
            await store.ScheduleAsync(new DueReminder(document.Key, 0), DateTimeOffset.UtcNow.AddMinutes(-1));
        }
    }

    /// <summary>Every campaign phone the provider took a message for, once per message (a phone twice: sent twice).</summary>
    public static List<string> PhonesReached(AfricasTalkingApiSimulator at) =>
        at.Accepted.SelectMany(r => (r.GetValueOrDefault("to") ?? "").Split(',')).Where(p => p.StartsWith(PhonePrefix)).ToList();
}
