using System.Collections.Concurrent;
using System.Diagnostics;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// One redis-server (or redis-cli) process started by a fixture. Keeps the last lines it printed, so a
/// fixture that gives up waiting can say why.
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RedisProcess(Process process) => _process = process;

    public static RedisProcess Start(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = new RedisProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}"));
        process._process.OutputDataReceived += (_, e) => process.Keep(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Keep(e.Data);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 2000) _output.TryDequeue(out _);
    }

    public bool HasExited => _process.HasExited;
    public string Output => string.Join("\n", _output);
    /// <summary>The last lines printed: enough to see why a server would not start.</summary>
    public string Tail => string.Join("\n", _output.TakeLast(40));

    /// <summary>Runs redis-cli to its end and returns what it printed (its exit code must be 0).</summary>
    public static async Task<string> CliAsync(params string[] arguments)
    {
        await using var cli = Start("redis-cli", arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await cli._process.WaitForExitAsync(timeout.Token);
        cli._process.WaitForExit(); // flushes the redirected output
        if (cli._process.ExitCode != 0)
            throw new InvalidOperationException($"redis-cli {string.Join(' ', arguments)} exited {cli._process.ExitCode}:\n{cli.Output}");
        return cli.Output;
    }

    /// <summary>SIGKILL, as a crash or an operator's kill -9.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    /// <summary>Polls until the condition holds, or fails after the timeout saying what was awaited.</summary>
    public static async Task UntilAsync(string what, Func<Task<bool>> condition, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var stopwatch = Stopwatch.StartNew();
        Exception? last = null;
        while (stopwatch.Elapsed < timeout)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is InvalidOperationException or StackExchange.Redis.RedisException or System.Net.Sockets.SocketException)
            {
                last = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"gave up waiting for {what} after {timeout.TotalSeconds} s{(last is null ? "" : $" (last: {last.Message})")}\n{diagnostics?.Invoke()}");
    }
}
