using Spectre.Console;

namespace Huduma.Contact.Host.Commands;

/// <summary>Commands the host runs instead of serving (`dotnet run --project src/Host -- import FILE.csv`).</summary>
public static class HostCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is ImportCommand.Name or CreateAdminCommand.Name or RenderPromptsCommand.Name;

    public static Task<int> RunAsync(WebApplication app, string[] args) => args[0] switch
    {
        ImportCommand.Name => ImportCommand.RunAsync(app.Services, app.Configuration, args, AnsiConsole.Console),
        CreateAdminCommand.Name => CreateAdminCommand.RunAsync(app.Services, args, AnsiConsole.Console),
        RenderPromptsCommand.Name => RenderPromptsCommand.RunAsync(app.Services, AnsiConsole.Console),
        _ => Task.FromResult(2),
    };
}
