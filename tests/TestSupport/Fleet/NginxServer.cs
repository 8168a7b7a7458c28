using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// Debian's nginx (/usr/sbin/nginx) on a free loopback port, in front of the given hosts, started from the
/// deployable infra/nginx/huduma.conf with only its listen port and its upstream's server addresses
/// changed, wrapped in the events {} and http {} an operator's nginx.conf provides. Everything it writes
/// (pid, error and access logs, temp files) stays in a temporary folder. The access log names, for every
/// request, the host that answered it ($upstream_addr: several when nginx went on to another).
/// </summary>
public sealed partial class NginxServer : IAsyncDisposable
{
    public const string Program = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _dir;
    private readonly ConcurrentQueue<string> _output = new();

    private NginxServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }
    /// <summary>The master's process id (its worker is its child).</summary>
    public int Id => _process.Id;
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    private string AccessLogPath => Path.Combine(_dir, "access.log");

    public static async Task<NginxServer> StartAsync(IReadOnlyList<int> hostPorts)
    {
        var dir = Directory.CreateTempSubdirectory("huduma-nginx-").FullName;
        // Workers run as nobody when nginx starts as root: they must reach the temp folders inside.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var port = LoopbackPorts.Free();
        var conf = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, Wrap(Deployed(await File.ReadAllTextAsync(InfraFiles.Nginx("huduma.conf")), port, hostPorts), dir));

        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // -e: the error log before the configuration is read (the default, /var/log/nginx, may not be writable).
        foreach (var argument in new[] { "-p", dir, "-c", conf, "-e", Path.Combine(dir, "error.log"), "-g", "daemon off;" })
            start.ArgumentList.Add(argument);
        var nginx = new NginxServer(Process.Start(start) ?? throw new InvalidOperationException($"could not start {Program}"), dir, port);
        nginx._process.OutputDataReceived += (_, e) => { if (e.Data is not null) nginx._output.Enqueue(e.Data); };
        nginx._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) nginx._output.Enqueue(e.Data); };
        nginx._process.BeginOutputReadLine();
        nginx._process.BeginErrorReadLine();
        try { await nginx.WaitUntilListeningAsync(); }
        catch { await nginx.DisposeAsync(); throw; }
        return nginx;
    }

    /// <summary>
    /// huduma.conf as deployed here: the listen port, and the upstream's server addresses in order. A fleet
    /// of fewer hosts than the file lists drops the last lines, as an operator with fewer machines would.
    /// </summary>
    public static string Deployed(string huduma, int port, IReadOnlyList<int> hostPorts)
    {
        var listen = ListenLine().Matches(huduma);
        if (listen.Count != 1) throw new InvalidOperationException($"huduma.conf has {listen.Count} listen lines, expected one");
        var servers = UpstreamServerLine().Matches(huduma);
        if (hostPorts.Count == 0 || hostPorts.Count > servers.Count)
            throw new InvalidOperationException($"huduma.conf's upstream lists {servers.Count} hosts; the fleet runs {hostPorts.Count}");
        var next = 0;
        var deployed = UpstreamServerLine().Replace(huduma, m => next < hostPorts.Count
            ? $"{m.Groups["lead"].Value}127.0.0.1:{hostPorts[next++]}{m.Groups["rest"].Value}"
            : "");
        return ListenLine().Replace(deployed, m => $"{m.Groups["lead"].Value}127.0.0.1:{port};");
    }

    /// <summary>What an operator's nginx.conf around the include provides, with every path in the test's folder.</summary>
    private static string Wrap(string huduma, string dir) => $$"""
        worker_processes 1;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log info;
        events { worker_connections 1024; }
        http {
            log_format fleet '$request_method $uri $status "$upstream_addr" "$upstream_status"';
            access_log {{dir}}/access.log fleet;
            client_body_temp_path {{dir}}/client_body;
            proxy_temp_path {{dir}}/proxy;
            fastcgi_temp_path {{dir}}/fastcgi;
            uwsgi_temp_path {{dir}}/uwsgi;
            scgi_temp_path {{dir}}/scgi;
        {{huduma}}
        }
        """;

    /// <summary>Every request nginx has finished so far, in order.</summary>
    public IReadOnlyList<ProxiedRequest> AccessLog()
    {
        if (!File.Exists(AccessLogPath)) return [];
        using var stream = new FileStream(AccessLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ProxiedRequest.Parse).ToList();
    }

    /// <summary>The error log's last lines, to say why something went wrong.</summary>
    public string ErrorLogTail()
    {
        var path = Path.Combine(_dir, "error.log");
        if (!File.Exists(path)) return string.Join('\n', _output);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(40));
    }

    private async Task WaitUntilListeningAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"nginx exited with {_process.ExitCode}:\n{string.Join('\n', _output)}\n{ErrorLogTail()}");
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // the master and its worker
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex(@"^(?<lead>\s*listen\s+)\S+;", RegexOptions.Multiline)]
    private static partial Regex ListenLine();

    // Only inside the upstream block have server lines an address with a port; server_name and server {} have none.
    [GeneratedRegex(@"^(?<lead>\s*server\s+)[\w.\-]+:\d+(?<rest>[^;\n]*;)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServerLine();
}
