using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using Xunit;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// A real redis-server on a free loopback port, started for a test class and stopped after it.
/// Needs redis-server on PATH: ./test.sh installs it when missing.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    public int Port { get; private set; }
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";
    public ConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>
    /// How many of the app's own keys exist (huduma:…): what "stores nothing" is checked against.
    /// Hangfire's keys ({huduma-hangfire}:…) change on their own as its server beats, so they are not counted.
    /// </summary>
    public async Task<long> AppKeyCountAsync()
    {
        long count = 0;
        await foreach (var _ in Connection.GetServers()[0].KeysAsync(pattern: "huduma:*", pageSize: 1000)) count++;
        return count;
    }

    public async Task InitializeAsync()
    {
        Port = FreePort();
        var dir = Directory.CreateTempSubdirectory("huduma-redis-").FullName;
        _process = Process.Start(new ProcessStartInfo("redis-server",
            $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --dir {dir}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start redis-server");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=500");
                await Connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null) await Connection.DisposeAsync();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
