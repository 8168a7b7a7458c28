using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>Signing a member of staff in through the real form, in a browser page, and waiting until the page says it is ready.</summary>
internal static class StaffSignIn
{
    /// <param name="url">The staff page asked for; the sign-in form comes first and then leads back to it.</param>
    public static async Task SignInAsync(this IPage page, string url, string name, string password)
    {
        await page.GotoAsync(url);
        await page.FillAsync("input[name=name]", name);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("body[data-ready='true']");
    }
}
