using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Debian's Chromium, headless, as every browser test launches it (Playwright's own browsers are not
/// downloaded here): launched once for a fixture and shared by its tests. Each test opens its pages in
/// browser contexts of their own (cookies, storage) and closes them when it ends, so what one test left
/// open (a console polling, a chat connected) does not run on into the next.
/// </summary>
public sealed class Chromium : IAsyncLifetime, IAsyncDisposable
{
    private IPlaywright _playwright = null!;
    private readonly List<IBrowserContext> _contexts = [];

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A Chromium for one test alone, closed where its <c>await using</c> ends.</summary>
    public static async Task<Chromium> LaunchAsync()
    {
        var chromium = new Chromium();
        await chromium.InitializeAsync();
        return chromium;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>A page in a new browser context, closed by <see cref="CloseContextsAsync"/>.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options);
        lock (_contexts) _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>A page in a new browser context, signed in as <paramref name="name"/> through the form, on <paramref name="url"/> once it is ready.</summary>
    public async Task<IPage> SignedInPageAsync(string url, string name, string password, BrowserNewContextOptions? options = null)
    {
        var page = await NewPageAsync(options);
        await page.SignInAsync(url, name, password);
        return page;
    }

    /// <summary>Closes every context opened since the last call: for the end of each test.</summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in open) await context.CloseAsync();
    }
}
