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
        var settings = new Dictionary<string, string>
        {
            ["Redis__ConnectionString"] = redis.ConnectionString, ["Demo__SeedRegister"] = "false",
            // On Redis the host is in production mode: it starts only with its secrets.
            ["AfricasTalking__CallbackSecret"] = "shutdown-test-secret", ["DirectLine__Secret"] = "shutdown-test-direct-line",
        };
        await using var host = await HostProcess.StartReadyAsync(settings);
        try
        {
            // Both stop at once, as when a machine shuts down: Redis goes while the host is stopping.
            host.Terminate();
            await redis.DisposeAsync();
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await host.WaitForExitAsync(stopping.Token);
        }
        finally
        {
            foreach (var line in host.Output) output.WriteLine(line);
        }

        Assert.DoesNotContain(host.Output, l => l.Contains("Unhandled exception"));
        Assert.Equal(0, host.ExitCode);
    }
}
