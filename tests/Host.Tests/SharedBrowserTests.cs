namespace Huduma.Contact.Host.Tests;

/// <summary>
/// A browser test class whose fixture's Chromium outlives each test: the pages a test opened are closed
/// when it ends, as they were when every test launched a browser of its own.
/// </summary>
public abstract class SharedBrowserTests(Chromium chromium) : IAsyncLifetime
{
    protected Chromium Chromium { get; } = chromium;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Chromium.CloseContextsAsync();
}
