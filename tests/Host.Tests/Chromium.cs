using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>Debian's Chromium, headless, as every browser test launches it (Playwright's own browsers are not downloaded here).</summary>
public static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
}
