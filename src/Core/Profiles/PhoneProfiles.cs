using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Profiles;

/// <summary>What we remember about a phone number across sessions: its language, asked once.</summary>
public sealed class PhoneProfiles(IStateStore store)
{
    // Remembered for a year of silence; every choice renews it.
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>A profile as stored (huduma:profile:{msisdn}); public so a channel can read it together with its own keys.</summary>
    public sealed class Profile
    {
        public string? Lang { get; set; }

        [System.Text.Json.Serialization.JsonIgnore]
        public Language? Language => Languages.Parse(Lang);
    }

    public static string Key(string msisdn) => $"profile:{msisdn}";

    public async Task<Language?> GetLanguageAsync(string msisdn, CancellationToken ct = default) =>
        (await store.GetAsync<Profile>(Key(msisdn), ct))?.Language;

    public Task SetLanguageAsync(string msisdn, Language language, CancellationToken ct = default) =>
        store.SetAsync(Key(msisdn), new Profile { Lang = language.Code() }, Lifetime, ct);
}
