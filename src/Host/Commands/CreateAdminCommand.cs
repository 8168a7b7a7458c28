using Huduma.Contact.Host.Accounts;
using Spectre.Console;

namespace Huduma.Contact.Host.Commands;

/// <summary>
/// `dotnet run --project src/Host -- create-admin NAME`: the first admin of a deployment (later ones are
/// added in /admin). The password comes from HUDUMA_ADMIN_PASSWORD, or is generated and printed once.
/// </summary>
public static class CreateAdminCommand
{
    public const string Name = "create-admin";
    public const string Usage = "dotnet run --project src/Host -- create-admin NAME   (password from HUDUMA_ADMIN_PASSWORD, else generated)";
    internal static readonly string[] Options = [];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, IAnsiConsole console)
    {
        var name = args.Skip(1).FirstOrDefault();
        if (name is null)
        {
            HostCommands.PrintUsage(console, Usage);
            return 2;
        }
        var given = Environment.GetEnvironmentVariable("HUDUMA_ADMIN_PASSWORD");
        var password = string.IsNullOrEmpty(given) ? AccountSetup.NewPassword() : given;
        try
        {
            var account = await services.GetRequiredService<AccountStore>().SaveAsync(name, Roles.Admin, password);
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
