using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The embedded default (memory stores, the demo register) on Kestrel with a callback secret, which the
/// /simulator page holds none of (the host vouches for its requests), and an agent's API key; and one
/// headless Chromium. A class fixture: each class that uses it has a host of its own, since the classes
/// read the demo phone's SMS inbox, which the other class's tests add to. Within a class, a test that needs
/// no demo document uses a phone of its own, and one that expects the demo phone to be asked its language
/// first has the host forget it (<see cref="ForgetDemoPhoneLanguageAsync"/>).
/// </summary>
public sealed class SimulatorFixture : BrowserHostFixture
{
    public const string AgentKey = "browser-agent-key";

    protected override Task<HudumaHost> CreateHostAsync() => Task.FromResult(new HudumaHost(new Dictionary<string, string?>
    {
        ["AfricasTalking:CallbackSecret"] = "browser-secret", ["AgentApi:Keys:0:Agent"] = "Amina", ["AgentApi:Keys:0:Key"] = AgentKey,
    }));

    /// <summary>/simulator in a page of its own, once the page says it is ready.</summary>
    public async Task<IPage> OpenSimulatorAsync(BrowserNewContextOptions? options = null)
    {
        var page = await NewPageAsync(options);
        await page.GotoAsync(Url + "/simulator");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        return page;
    }

    /// <summary>
    /// Forgets the language the demo phone chose (kept a year, on every channel), so that its next call or
    /// dial is asked again, as the first one was: another test on this host may have chosen it.
    /// </summary>
    public Task ForgetDemoPhoneLanguageAsync() =>
        Host.Services.GetRequiredService<IStateStore>().DeleteAsync(PhoneProfiles.Key(DemoRegister.DemoPhone));
}
