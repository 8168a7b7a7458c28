
namespace Huduma.Contact.TestSupport;

/// <summary>
/// Hosts (three unless asked for fewer) as real processes on one Redis deployment, in production mode (their secrets set), sending SMS to
/// the loopback Africa's Talking, behind nginx started from infra/nginx/huduma.conf: a fleet as an
/// operator runs it, on loopback ports. Disposing stops nginx and kills the hosts.
/// </summary>
public sealed class HostFleet : IAsyncDisposable
{
    public const int Size = 3;
    public const string CallbackSecret = "fleet-callback-secret";
    public const string DirectLineSecret = "fleet-direct-line-secret";

    private HostFleet(IReadOnlyList<HostProcess> hosts, NginxServer nginx)
    {
        Hosts = hosts;
        Nginx = nginx;
    }

    public IReadOnlyList<HostProcess> Hosts { get; }
    public NginxServer Nginx { get; }
    /// <summary>Where providers and browsers reach the fleet: nginx.</summary>
    public string BaseUrl => Nginx.BaseUrl;

    /// <summary>The host an access-log address ("127.0.0.1:5080") names.</summary>
    public HostProcess HostAt(string upstream) => Hosts.Single(h => upstream == $"127.0.0.1:{h.Port}");

    /// <param name="more">Settings for this test, added to (or replacing) the fleet's own.</param>
    public static async Task<HostFleet> StartAsync(IRedisTopology redis, AfricasTalkingApiSimulator at, IReadOnlyDictionary<string, string> more,
        Action<string> log, int size = Size)
    {
        var settings = ProductionSettings.OnAfricasTalking(redis.ConnectionString, at, CallbackSecret, DirectLineSecret);
        // A published host has its wwwroot beside it; one run from the build output serves the sources'.
        settings["ASPNETCORE_WEBROOT"] = Path.Combine(InfraFiles.RepositoryRoot(), "src", "Host", "wwwroot");
        foreach (var (key, value) in more) settings[key] = value;

        var ports = new HashSet<int>();
        while (ports.Count < size) ports.Add(LoopbackPorts.Free());
        var starting = ports.Select((port, i) => HostProcess.StartReadyAsync(settings, line => log($"[host {i} :{port}] {line}"), port)).ToList();
        try
        {
            var hosts = await Task.WhenAll(starting);
            return new HostFleet(hosts, await NginxServer.StartAsync(ports.ToList()));
        }
        catch
        {
            foreach (var host in starting.Where(t => t.IsCompletedSuccessfully)) await host.Result.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Nginx.DisposeAsync();
        foreach (var host in Hosts) await host.DisposeAsync();
    }
}
