using Huduma.Contact.Host.Accounts;
using Spectre.Console;

namespace Huduma.Contact.Host.Commands;

/// <summary>
/// `dotnet run --project src/Host -- create-admin [--display-name "Wanjiru Kamau"] NAME`: the first admin of a
/// deployment (later ones are added in /admin). The password comes from HUDUMA_ADMIN_PASSWORD, or is generated
/// and printed once. The display name is what citizens see if this admin takes a chat (default: NAME).
/// </summary>
internal static class CreateAdminCommand
{
    public const string Name = "create-admin";
    public const string Usage = "dotnet run --project src/Host -- create-admin [--display-name \"NAME SHOWN TO CITIZENS\"] NAME   (password from HUDUMA_ADMIN_PASSWORD, else generated)";
    private const string DisplayNameOption = "--display-name";
    internal static readonly string[] Options = [DisplayNameOption];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, IAnsiConsole console)
    {
        var rest = args.Skip(1).ToList();
        string? displayName = null;
        var option = rest.IndexOf(DisplayNameOption);
        if (option >= 0)
        {
            displayName = rest.ElementAtOrDefault(option + 1);
            rest.RemoveRange(option, Math.Min(2, rest.Count - option));
        }
        var name = rest.FirstOrDefault();
        if (name is null || (option >= 0 && string.IsNullOrWhiteSpace(displayName)))
        {
            HostCommands.PrintUsage(console, Usage);
            return 2;
        }
        var given = Environment.GetEnvironmentVariable("HUDUMA_ADMIN_PASSWORD");
        var password = string.IsNullOrEmpty(given) ? AccountSetup.NewPassword() : given;
        try
        {
            var account = await services.GetRequiredService<AccountStore>().SaveAsync(name, Roles.Admin, password, displayName);
            console.MarkupLineInterpolated($"Admin account [bold]{account.Name}[/] saved.");
            if (string.IsNullOrEmpty(given)) console.MarkupLineInterpolated($"Its password (shown once): [bold]{password}[/]");
            return 0;
        }
        catch (ArgumentException e)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
    }
}
