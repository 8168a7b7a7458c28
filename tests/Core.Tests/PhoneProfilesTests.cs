using Huduma.Contact.Core.Content;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;

namespace Huduma.Contact.Core.Tests;

public sealed class PhoneProfilesTests
{
    private readonly IStateStore _store = new InMemoryStateStore(TimeProvider.System);

    [Fact]
    public async Task A_language_is_remembered_as_lang_only_and_read_back_either_way()
    {
        var profiles = new PhoneProfiles(_store);
        await profiles.SetLanguageAsync("+254711000111", Language.Sw);

        // Stored as before: the computed Language is not written.
        var stored = await _store.GetAsync<Dictionary<string, object>>(PhoneProfiles.Key("+254711000111"));
        Assert.Equal(["lang"], stored!.Keys);
        Assert.Equal(Language.Sw, await profiles.GetLanguageAsync("+254711000111"));
        var (_, profile) = await _store.GetBothAsync<PhoneProfiles.Profile, PhoneProfiles.Profile>("nothing", PhoneProfiles.Key("+254711000111"));
        Assert.Equal(Language.Sw, profile?.Language);
        Assert.Null(await profiles.GetLanguageAsync("+254711000222"));
    }
}
