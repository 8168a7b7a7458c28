using StackExchange.Redis;
using Xunit;

namespace Huduma.Contact.TestSupport;

/// <summary>
/// A Redis Cluster of three primaries and three replicas on loopback, started from the deployable file
/// (infra/redis/cluster/node.conf) and joined with redis-cli --cluster create, as an operator does. The
/// host connects to it by seed nodes. Needs redis-server and redis-cli on PATH.
/// </summary>
public sealed class RedisClusterServers : IRedisTopology, IAsyncLifetime
{
    private readonly List<RedisProcess> _processes = [];
    private string _root = "";

    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>Three seed nodes: the client learns the rest of the cluster from them.</summary>
    public string ConnectionString =>
        string.Join(",", Ports.Take(3).Select(p => $"127.0.0.1:{p}")) + ",abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("huduma-cluster-").FullName;
        var taken = new HashSet<int>();
        Ports = Enumerable.Range(0, 6).Select(_ => LoopbackPorts.FreeWithClusterBus(taken)).ToList();
        foreach (var port in Ports)
            _processes.Add(RedisProcess.Start("redis-server", [InfraFiles.Redis("cluster/node.conf"), "--port", port.ToString(),
                "--bind", "127.0.0.1", "--dir", Directory.CreateDirectory(Path.Combine(_root, port.ToString())).FullName]));
        foreach (var port in Ports)
            await RedisProcess.UntilAsync($"the node on {port}", async () =>
                (await RedisProcess.CliAsync("-p", port.ToString(), "ping")).Trim() == "PONG", TimeSpan.FromSeconds(20), Diagnostics);

        await RedisProcess.CliAsync(["--cluster", "create", .. Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "1", "--cluster-yes"]);
        await RedisProcess.UntilAsync("every node to see the cluster whole", async () =>
        {
            foreach (var port in Ports)
            {
                var info = await RedisProcess.CliAsync("-p", port.ToString(), "cluster", "info");
                if (!info.Contains("cluster_state:ok") || !info.Contains("cluster_known_nodes:6")) return false;
                // Replicas are told whom to follow last: until every node has heard, some list a replica as a
                // primary without slots, and a client that connects then counts four primaries.
                var nodes = (await RedisProcess.CliAsync("-p", port.ToString(), "cluster", "nodes")).Split('\n');
                if (nodes.Count(n => n.Contains("slave")) != 3) return false;
            }
            return true;
        }, TimeSpan.FromSeconds(30), Diagnostics);

        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        await RedisProcess.UntilAsync("a connection to every primary", async () =>
        {
            var primaries = Connection.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
            if (primaries.Count != 3)
            {
                await Connection.ConfigureAsync(); // asks the nodes again for who is what
                return false;
            }
            await Connection.GetDatabase().StringSetAsync("test:cluster-ready", "1");
            return true;
        }, TimeSpan.FromSeconds(20), () => string.Join("\n", Connection.GetServers().Select(s => $"{s.EndPoint} connected={s.IsConnected} replica={s.IsReplica}")) + "\n" + Diagnostics());
    }

    /// <summary>
    /// SIGKILLs the primary that serves <paramref name="key"/> (a crash: no shutdown, no last write to its
    /// replica) and returns its port.
    /// </summary>
    public async Task<int> KillPrimaryOfAsync(string key)
    {
        var endpoint = (System.Net.IPEndPoint)(await Connection.GetDatabase().IdentifyEndpointAsync(key))!;
        // CLUSTER NODES lines: "<id> <ip:port@bus> <flags> <primary id or -> ...".
        var nodes = (await RedisProcess.CliAsync("-p", endpoint.Port.ToString(), "cluster", "nodes")).Split('\n');
        var killedId = nodes.First(l => l.Contains($":{endpoint.Port}@")).Split(' ')[0];
        _replicaOfKilled = nodes.First(l => l.Split(' ') is [_, _, var flags, var primary, ..] && flags.Contains("slave") && primary == killedId).Split(' ')[0];
        await _processes[Ports.ToList().IndexOf(endpoint.Port)].KillAsync();
        return endpoint.Port;
    }

    private string? _replicaOfKilled;

    /// <summary>Waits until the killed primary's replica has taken over as primary; returns when it did.</summary>
    public async Task<DateTimeOffset> WaitForPromotionAsync(int killedPort, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var survivor = Ports.First(p => p != killedPort).ToString();
        while (watch.Elapsed < timeout)
        {
            var nodes = await RedisProcess.CliAsync("-p", survivor, "cluster", "nodes");
            if (nodes.Split('\n').Any(l => l.StartsWith(_replicaOfKilled + " ") && l.Split(' ')[2].Contains("master"))) return DateTimeOffset.UtcNow;
            await Task.Delay(20);
        }
        throw new TimeoutException($"the cluster did not promote a replica within {timeout.TotalSeconds} s:\n{Diagnostics()}");
    }

    private string Diagnostics() => string.Join("\n---\n", _processes.Select(p => p.Tail));

    public async Task DisposeAsync()
    {
        if (Connection is not null) await Connection.DisposeAsync();
        foreach (var process in _processes) await process.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
