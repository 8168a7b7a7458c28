using Huduma.Contact.Host.Accounts;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// One host on Kestrel and one <see cref="Chromium"/>, started once and shared by the browser tests of a
/// class (IClassFixture) or a collection: a host start and a browser launch a class, not a test. Tests that
/// share one live with what the others leave behind (tickets in the queue, accounts, imported documents);
/// a class whose tests change what another relies on has a fixture of its own, which says why.
/// </summary>
public abstract class BrowserHostFixture : IAsyncLifetime
{
    /// <summary>The password of every staff account the browser fixtures make.</summary>
    public const string Password = "browser tests password";

    private readonly Stack<Func<Task>> _stopAfterHost = new();

    public HudumaHost Host { get; private set; } = null!;
    public string Url { get; private set; } = "";
    public Chromium Chromium { get; } = new();

    /// <summary>The host the tests need, not started yet.</summary>
    protected abstract Task<HudumaHost> CreateHostAsync();

    /// <summary>What else the tests need once the host runs: staff accounts, data, a second host, a site.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Host = await CreateHostAsync();
        Url = Host.StartOnKestrel();
        await PrepareAsync();
        await Chromium.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Host.DisposeAsync();
        while (_stopAfterHost.TryPop(out var stop)) await stop();
    }

    /// <summary>A Redis of this fixture's own, stopped after its hosts.</summary>
    protected async Task<RedisServer> StartRedisAsync()
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        _stopAfterHost.Push(redis.DisposeAsync);
        return redis;
    }

    /// <summary>Something more the tests use (a second host, a site), disposed after the host, latest first.</summary>
    protected T DisposedWithFixture<T>(T thing) where T : IAsyncDisposable
    {
        _stopAfterHost.Push(() => thing.DisposeAsync().AsTask());
        return thing;
    }

    /// <summary>Saves staff accounts, each with <see cref="Password"/>.</summary>
    protected async Task SaveStaffAsync(params (string Name, string Role)[] staff)
    {
        var accounts = Host.Services.GetRequiredService<AccountStore>();
        foreach (var (name, role) in staff) await accounts.SaveAsync(name, role, Password);
    }

    /// <summary>A new browser context signed in as <paramref name="name"/> through the form, on <paramref name="path"/> once it is ready.</summary>
    public Task<IPage> SignedInAsync(string name, string path, string? url = null, BrowserNewContextOptions? options = null) =>
        Chromium.SignedInPageAsync((url ?? Url) + path, name, Password, options);

    /// <summary>A page in a new browser context, not signed in.</summary>
    public Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null) => Chromium.NewPageAsync(options);
}
