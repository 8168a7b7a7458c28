using System.Diagnostics;
using StackExchange.Redis;
using Xunit;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// A real redis-server on a free loopback port, started for a test class and stopped after it, from the
/// deployable infra/redis/redis.conf (persistence as the subclass says). Needs redis-server on PATH:
/// ./test.sh installs it when missing.
/// </summary>
public class RedisServer : IRedisTopology, IAsyncLifetime
{
    private Process? _process;
    private string _dir = "";
    public int Port { get; private set; }
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";
    public ConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>What is kept across a kill: nothing, unless a subclass says otherwise.</summary>
    protected virtual string Persistence => "--save \"\" --appendonly no";

    public async Task InitializeAsync()
    {
        Port = FreePort();
        _dir = Directory.CreateTempSubdirectory("huduma-redis-").FullName;
        await StartAsync();
    }

    /// <summary>SIGKILL, as a crash or an operator's kill -9: no shutdown save.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false }) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>The same server again, on its port and with its files.</summary>
    public async Task StartAgainAsync()
    {
        await Connection.DisposeAsync();
        _process?.Dispose();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo("redis-server",
            $"{InfraFiles.Redis("redis.conf")} --port {Port} --bind 127.0.0.1 {Persistence} --dir {_dir}")
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

    public static int FreePort() => LoopbackPorts.Free();
}

/// <summary>
/// A redis-server that writes every command to its append-only file before answering (appendfsync always),
/// so whatever was written before a kill is there after it: the worst case for a mark that outlives its holder.
/// </summary>
public sealed class PersistentRedisServer : RedisServer
{
    protected override string Persistence => "--save \"\" --appendonly yes --appendfsync always";
}
