using System.Diagnostics;
using Huduma.Contact.TestSupport;
using Xunit.Abstractions;

namespace Huduma.Contact.Host.Tests;

/// <summary>The host as a real process, stopped (SIGTERM, as systemd and Kubernetes stop it) while Redis goes away.</summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_host_whose_redis_goes_while_it_stops_still_stops_cleanly()
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        var port = RedisServer.FreePort();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Huduma.Contact.Host.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["Redis__ConnectionString"] = redis.ConnectionString;
        start.Environment["Demo__SeedRegister"] = "false";
        // On Redis the host is in production mode: it starts only with its secrets.
        start.Environment["AfricasTalking__CallbackSecret"] = "shutdown-test-secret";
        start.Environment["DirectLine__Secret"] = "shutdown-test-direct-line";
        using var host = Process.Start(start)!;
        host.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        host.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var ready = Stopwatch.StartNew();
            while (!await IsReadyAsync(http, port))
            {
                Assert.True(ready.Elapsed < TimeSpan.FromSeconds(60), "the host did not become ready");
                await Task.Delay(200);
            }

            // Both stop at once, as when a machine shuts down: Redis goes while the host is stopping.
            Process.Start("kill", ["-TERM", host.Id.ToString()])!.WaitForExit();
            await redis.DisposeAsync();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.WaitForExitAsync(stopping.Token);
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
            foreach (var line in log) output.WriteLine(line);
        }

        Assert.DoesNotContain(log, l => l.Contains("Unhandled exception"));
        Assert.Equal(0, host.ExitCode);
    }

    private static async Task<bool> IsReadyAsync(HttpClient http, int port)
    {
        try { return (await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }
}
