using System.Diagnostics;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// Microsoft's own clients, fetched from the npm registry for the browser tests: Web Chat's full bundle
/// (botframework-webchat, dist/webchat.js) and botframework-directlinejs (dist/directline.js). `npm pack`
/// takes just the two tarballs (no dependency tree); they are kept in tests/.npm-bundles between runs.
/// </summary>
public static class MicrosoftChatBundles
{
    public const string WebChat = "botframework-webchat@4.18.1";
    public const string DirectLine = "botframework-directlinejs@0.15.8";

    private static readonly Lazy<Task<string>> Folder = new(FetchAsync);

    /// <summary>The folder holding webchat.js and directline.js.</summary>
    public static Task<string> EnsureAsync() => Folder.Value;

    private static async Task<string> FetchAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", ".npm-bundles");
        Directory.CreateDirectory(folder);
        foreach (var (package, file) in new[] { (WebChat, "webchat.js"), (DirectLine, "directline.js") })
        {
            var target = Path.Combine(folder, file);
            if (File.Exists(target)) continue;
            var work = Directory.CreateTempSubdirectory("npm-pack-").FullName;
            await RunAsync("npm", $"pack {package} --silent", work);
            var tarball = Directory.GetFiles(work, "*.tgz").Single();
            await RunAsync("tar", $"-xzf {Path.GetFileName(tarball)} package/dist/{file}", work);
            File.Move(Path.Combine(work, "package", "dist", file), target + ".part", overwrite: true);
            File.Move(target + ".part", target, overwrite: true);
            Directory.Delete(work, recursive: true);
        }
        return folder;
    }

    private static async Task RunAsync(string program, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {await stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Huduma.Contact.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Huduma.Contact.sln not found above the test binaries");
    }
}
