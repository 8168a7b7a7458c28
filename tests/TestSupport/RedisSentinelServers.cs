using Huduma.Contact.Core.State;
using StackExchange.Redis;
using Xunit;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// Redis under Sentinel on loopback, started from the deployable files (infra/redis/sentinel/): one
/// primary, two replicas and three sentinels watching the service "huduma". The host connects to the
/// sentinels by service name, as in production. Needs redis-server and redis-cli on PATH.
/// </summary>
public sealed class RedisSentinelServers : IRedisTopology, IAsyncLifetime
{
    public const string ServiceName = "huduma";
    private readonly List<RedisProcess> _processes = [];
    private readonly Dictionary<int, RedisProcess> _servers = [];
    private string _root = "";

    public int PrimaryPort { get; private set; }
    public IReadOnlyList<int> ReplicaPorts { get; private set; } = [];
    public IReadOnlyList<int> SentinelPorts { get; private set; } = [];

    public string ConnectionString =>
        string.Join(",", SentinelPorts.Select(p => $"127.0.0.1:{p}")) + $",serviceName={ServiceName},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    public ConnectionMultiplexer Connection { get; private set; } = null!;
    private SentinelFollower? _follower;

    public async Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("huduma-sentinel-").FullName;
        var data = InfraFiles.Redis("sentinel/redis.conf");
        PrimaryPort = LoopbackPorts.Free();
        ReplicaPorts = [LoopbackPorts.Free(), LoopbackPorts.Free()];
        SentinelPorts = [LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free()];

        StartServer(data, PrimaryPort);
        foreach (var port in ReplicaPorts) StartServer(data, port, "--replicaof", "127.0.0.1", PrimaryPort.ToString());
        // Sentinels are told about the primary only: they find the replicas and each other through it.
        // Waiting for the replicas first means the sentinels' first look at the primary already lists them.
        await RedisProcess.UntilAsync("both replicas in sync", async () =>
            (await RedisProcess.CliAsync("-p", PrimaryPort.ToString(), "info", "replication")).Split('\n')
                .Count(l => l.StartsWith("slave") && l.Contains("state=online")) == 2, TimeSpan.FromSeconds(30), Diagnostics);

        foreach (var port in SentinelPorts)
        {
            // A sentinel rewrites its config file with what it learns: each gets its own copy, as in production.
            var dir = Directory.CreateDirectory(Path.Combine(_root, port.ToString())).FullName;
            var config = Path.Combine(dir, "sentinel.conf");
            File.Copy(InfraFiles.Redis("sentinel/sentinel.conf"), config);
            Start(config, "--sentinel", "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir,
                "--sentinel", "monitor", ServiceName, "127.0.0.1", PrimaryPort.ToString(), "2");
        }
        // Ready for a failover too: every sentinel knows both replicas and both other sentinels.
        await RedisProcess.UntilAsync("three sentinels that know each other and both replicas", async () =>
        {
            foreach (var port in SentinelPorts)
            {
                var p = port.ToString();
                if (Count(await RedisProcess.CliAsync("-p", p, "sentinel", "replicas", ServiceName)) != 2) return false;
                if (Count(await RedisProcess.CliAsync("-p", p, "sentinel", "sentinels", ServiceName)) != 2) return false;
            }
            return true;
        }, TimeSpan.FromSeconds(30), Diagnostics);

        // Followed as the host follows it, not by StackExchange.Redis's Sentinel mode, whose failover blocks pool threads (of the tests' process too).
        _follower = await SentinelFollower.StartAsync(ConfigurationOptions.Parse(ConnectionString));
        Connection = await _follower.ConnectAsync();
        await RedisProcess.UntilAsync("a connection to the primary through the sentinels", async () =>
        {
            await Connection.GetDatabase().StringSetAsync("test:sentinel-ready", "1");
            return true;
        }, TimeSpan.FromSeconds(20), Diagnostics);
    }

    // SENTINEL REPLICAS/SENTINELS print each entry's fields as name/value lines, "name" first.
    private static int Count(string listing) => listing.Split('\n').Count(l => l.Trim() == "name");

    /// <summary>The port of the primary the sentinels name now (it changes when they fail over).</summary>
    public async Task<int> CurrentPrimaryPortAsync()
    {
        foreach (var sentinel in SentinelPorts)
        {
            try
            {
                var answer = (await RedisProcess.CliAsync("-p", sentinel.ToString(), "sentinel", "get-master-addr-by-name", ServiceName))
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (answer.Length == 2 && int.TryParse(answer[1].Trim(), out var port)) return port;
            }
            catch (InvalidOperationException) { } // that sentinel is not answering: ask the next
        }
        throw new InvalidOperationException("no sentinel names a primary");
    }

    /// <summary>
    /// SIGKILLs the current primary (a crash: no shutdown, no last write to its replicas) and returns its
    /// port. Subscribers to every sentinel's announcements start first, so <see cref="WaitForPromotionAsync"/>
    /// learns the moment of the promotion, not when it next asked.
    /// </summary>
    public async Task<int> KillPrimaryAsync()
    {
        var port = await CurrentPrimaryPortAsync();
        // Only the sentinel that leads the failover announces +promoted-slave: listen to all three.
        _announcements = SentinelPorts.Select(p => RedisProcess.Start("redis-cli", ["-p", p.ToString(), "subscribe", "+promoted-slave", "+switch-master"])).ToList();
        _processes.AddRange(_announcements);
        await RedisProcess.UntilAsync("the sentinels' announcements", () => Task.FromResult(_announcements.All(w => w.Output.Contains("+switch-master"))),
            TimeSpan.FromSeconds(10), Diagnostics);
        await _servers[port].KillAsync();
        return port;
    }

    private List<RedisProcess> _announcements = [];

    /// <summary>
    /// Waits until a sentinel announces that a replica has taken over as primary (+promoted-slave, or the
    /// +switch-master that follows it); returns when it did.
    /// </summary>
    public async Task<DateTimeOffset> WaitForPromotionAsync(TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            // After the subscription's own confirmation lines, an announcement is "message", its channel, then its text.
            if (_announcements.Any(w => w.Output.Split('\n').Count(l => l is "+promoted-slave" or "+switch-master") > 2))
                return DateTimeOffset.UtcNow;
            await Task.Delay(10);
        }
        throw new TimeoutException($"the sentinels did not promote a replica within {timeout.TotalSeconds} s:\n{Diagnostics()}");
    }

    private void StartServer(string config, int port, params string[] more)
    {
        // Sentinel rewrites a server's config file when it fails over (CONFIG REWRITE): each gets its own copy.
        var dir = Directory.CreateDirectory(Path.Combine(_root, port.ToString())).FullName;
        var own = Path.Combine(dir, "redis.conf");
        File.Copy(config, own);
        var server = RedisProcess.Start("redis-server", [own, "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir, .. more]);
        _processes.Add(server);
        _servers[port] = server;
    }

    private void Start(params string[] arguments) => _processes.Add(RedisProcess.Start("redis-server", arguments));

    private string Diagnostics() => string.Join("\n---\n", _processes.Select(p => p.Tail));

    public async Task DisposeAsync()
    {
        if (Connection is not null) await Connection.DisposeAsync();
        if (_follower is not null) await _follower.DisposeAsync();
        foreach (var process in _processes) await process.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
