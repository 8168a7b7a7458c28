using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Profiles;

/// <summary>What we remember about a phone number across sessions: its language, asked once.</summary>
public sealed class PhoneProfiles(IStateStore store)
{
    // Remembered for a year of silence; every choice renews it.
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private sealed class Profile
    {
        public string? Lang { get; set; }
    }

    private static string Key(string msisdn) => $"profile:{msisdn}";

    public async Task<Language?> GetLanguageAsync(string msisdn, CancellationToken ct = default) =>
        Languages.Parse((await store.GetAsync<Profile>(Key(msisdn), ct))?.Lang);

    public Task SetLanguageAsync(string msisdn, Language language, CancellationToken ct = default) =>
        store.SetAsync(Key(msisdn), new Profile { Lang = language.Code() }, Lifetime, ct);
}
