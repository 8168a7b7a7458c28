using System.Collections.Concurrent;
using System.Diagnostics;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// The host as a real process (`dotnet Huduma.Contact.Host.dll`) on a loopback port, configured by environment
/// variables, as systemd or Kubernetes would run it. Its output is kept and passed to <c>log</c> as it comes.
/// Disposing kills it (SIGKILL) if it is still running. The host is the Huduma.Contact.Host.dll beside the
/// running program (a test project that references the host has it in its output), or the one in
/// <see cref="Directory"/>.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Action<string>? _log;

    /// <summary>Where Huduma.Contact.Host.dll is: beside this program unless set (a benchmark runs the Release build).</summary>
    public static string Directory { get; set; } = AppContext.BaseDirectory;

    private HostProcess(int port, IReadOnlyDictionary<string, string> settings, Action<string>? log)
    {
        Port = port;
        _log = log;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(Directory, "Huduma.Contact.Host.dll"), "--urls", BaseUrl])
        {
            WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Starts the host; <paramref name="port"/> defaults to a free loopback port.</summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string> settings, Action<string>? log = null, int? port = null) =>
        new(port ?? RedisServer.FreePort(), settings, log);

    /// <summary>Starts the host and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<HostProcess> StartReadyAsync(IReadOnlyDictionary<string, string> settings, Action<string>? log = null, int? port = null)
    {
        var host = Start(settings, log, port);
        try { await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)); }
        catch { await host.DisposeAsync(); throw; }
        return host;
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (!await IsReadyAsync(http))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the host on port {Port} exited with {_process.ExitCode}:\n{string.Join('\n', _output)}");
            if (watch.Elapsed > timeout) throw new TimeoutException($"the host on port {Port} was not ready after {timeout.TotalSeconds} s");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, as when a machine loses power.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd and Kubernetes stop a service.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();

    public Task WaitForExitAsync(CancellationToken ct = default) => _process.WaitForExitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task<bool> IsReadyAsync(HttpClient http)
    {
        try { return (await http.GetAsync($"{BaseUrl}/health/ready")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        try { _log?.Invoke(line); } catch (InvalidOperationException) { } // the test has finished
    }
}
