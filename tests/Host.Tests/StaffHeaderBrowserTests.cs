using Microsoft.Playwright;

namespace Huduma.Contact.Host.Tests;

/// <summary>The one header of the staff pages: the pages the signed-in role may open, this one marked as current, who is signed in, Sign out.</summary>
[Collection(StaffPagesCollection.Name)]
public sealed class StaffHeaderBrowserTests(StaffPagesFixture staff) : SharedBrowserTests(staff.Chromium)
{
    private static async Task<(string[] Links, string? Current)> NavAsync(IPage page) =>
        (await page.Locator("header nav a").AllTextContentsAsync() is var links ? links.ToArray() : [],
            await page.Locator("header nav a[aria-current=page]").TextContentAsync());

    [Theory]
    [InlineData(StaffPagesFixture.Agent, "/agents", "Console", new[] { "Console", "Simulator" })]
    [InlineData(StaffPagesFixture.Supervisor, "/agents/dashboard", "Dashboard", new[] { "Console", "Dashboard", "Simulator" })]
    [InlineData(StaffPagesFixture.Admin, "/admin", "Admin", new[] { "Console", "Dashboard", "Admin", "Simulator" })]
    public async Task Each_role_is_shown_the_pages_it_may_open_with_the_current_one_marked(string name, string path, string current, string[] expected)
    {
        var page = await staff.SignedInAsync(name, path);
        var (links, marked) = await NavAsync(page);
        Assert.Equal(expected, links);
        Assert.Equal(current, marked);
        Assert.Equal(name, await page.TextContentAsync("header #who"));
        Assert.StartsWith("Huduma 1919", (await page.TextContentAsync("header h1"))!.Trim());

        // Sign out, from the header of any page, leads back to the sign-in form.
        await page.ClickAsync("header #logout button");
        await page.WaitForURLAsync("**/login");
        await page.GotoAsync(staff.Url + path);
        Assert.Contains("/login", page.Url);
    }
}
