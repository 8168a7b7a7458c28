using System.Diagnostics;
using Huduma.Contact.TestSupport;

namespace Huduma.Contact.Infra.Tests;

/// <summary>
/// Prometheus's own checker (Debian's prometheus package installs /usr/bin/promtool; ./test.sh installs it),
/// run on the files operators load, so a rule Prometheus would refuse fails here first.
/// </summary>
internal static class Promtool
{
    public static string PrometheusFolder => Path.Combine(InfraFiles.RepositoryRoot(), "infra", "prometheus");

    /// <summary>Runs promtool in <paramref name="workingDirectory"/> and fails the test with its output unless it exits 0.</summary>
    public static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = await TryRunAsync(workingDirectory, arguments);
        Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
        return output;
    }

    public static async Task<(int ExitCode, string Output)> TryRunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool is not installed: apt-get install prometheus (./test.sh does)", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
