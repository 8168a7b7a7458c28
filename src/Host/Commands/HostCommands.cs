using Spectre.Console;

namespace Huduma.Contact.Host.Commands;

/// <summary>
/// Commands the host runs instead of serving (`dotnet run --project src/Host -- import FILE.csv`).
/// `--help` (or `-h`) after a command prints its usage and exits 0; alone it lists every command.
/// An option a command does not know prints its usage and exits 2, before anything is done.
/// </summary>
internal static class HostCommands
{
    private static readonly Dictionary<string, (string Usage, string[] Options)> Commands = new()
    {
        [ImportCommand.Name] = (ImportCommand.Usage, ImportCommand.Options),
        [CreateAdminCommand.Name] = (CreateAdminCommand.Usage, CreateAdminCommand.Options),
        [RenderPromptsCommand.Name] = (RenderPromptsCommand.Usage, []),
    };

    private static bool IsHelp(string arg) => arg is "--help" or "-h";

    public static bool IsCommand(string[] args) => args.Length > 0 && (Commands.ContainsKey(args[0]) || IsHelp(args[0]));

    public static Task<int> RunAsync(WebApplication app, string[] args) => RunAsync(app.Services, app.Configuration, args, AnsiConsole.Console);

    public static Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, string[] args, IAnsiConsole console)
    {
        if (IsHelp(args[0]))
        {
            console.WriteLine("usage: dotnet run --project src/Host [-- COMMAND]   (no command: serve)");
            foreach (var (usage, _) in Commands.Values) console.WriteLine("  " + usage);
            return Task.FromResult(0);
        }
        var (commandUsage, options) = Commands[args[0]];
        if (args.Skip(1).Any(IsHelp))
        {
            console.WriteLine("usage: " + commandUsage);
            return Task.FromResult(0);
        }
        var unknown = args.Skip(1).FirstOrDefault(a => a.StartsWith('-') && !options.Contains(a));
        if (unknown is not null)
        {
            console.MarkupLineInterpolated($"[red]unknown option {unknown}[/]");
            console.WriteLine("usage: " + commandUsage);
            return Task.FromResult(2);
        }
        return args[0] switch
        {
            ImportCommand.Name => ImportCommand.RunAsync(services, configuration, args, console),
            CreateAdminCommand.Name => CreateAdminCommand.RunAsync(services, args, console),
            _ => RenderPromptsCommand.RunAsync(services, console),
        };
    }

    /// <summary>The usage line after a red "usage:", for a command called wrongly.</summary>
    internal static void PrintUsage(IAnsiConsole console, string usage)
    {
        console.Markup("[red]usage:[/] ");
        console.WriteLine(usage);
    }
}
