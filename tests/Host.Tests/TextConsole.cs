namespace Huduma.Contact.Host.Tests;

/// <summary>A Spectre console writing plain text into a string, for the commands' tests.</summary>
public static class TextConsole
{
    public static Spectre.Console.IAnsiConsole Create(StringWriter output) => Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
    {
        Out = new Spectre.Console.AnsiConsoleOutput(output), Ansi = Spectre.Console.AnsiSupport.No,
    });
}
