using Huduma.Contact.TestSupport;
using StackExchange.Redis;

namespace Huduma.Contact.Bench.FleetLoad;

/// <summary>
/// One deployment under test, all on loopback: a Redis topology started from infra/redis (single server,
/// Sentinel or Cluster), the loopback Africa's Talking, and N host processes (the Release build) behind
/// Debian's nginx started from infra/nginx/huduma.conf: the test fixtures, so the benchmark runs what the
/// fleet tests run.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    public const string Single = "single", Sentinel = "sentinel", Cluster = "cluster";

    // INFO, for each primary's CPU, is an admin command to the client.
    private readonly Lazy<ConnectionMultiplexer> _admin;

    private Deployment(string topology, IRedisTopology redis, AfricasTalkingApiSimulator at, HostFleet fleet)
    {
        _admin = new(() => ConnectionMultiplexer.Connect(redis.ConnectionString + ",allowAdmin=true"));
        Topology = topology;
        Redis = redis;
        At = at;
        Fleet = fleet;
    }

    public string Topology { get; }
    public IRedisTopology Redis { get; }
    public AfricasTalkingApiSimulator At { get; }
    public HostFleet Fleet { get; }
    /// <summary>What the hosts wrote (warnings and errors: they log at Warning), with when.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(DateTimeOffset At, string Line)> HostOutput { get; private init; } = new();

    /// <param name="more">Settings for this run, over the benchmark's own.</param>
    /// <param name="prepare">Writes to Redis before the hosts start (a campaign's reminders, say).</param>
    public static async Task<Deployment> StartAsync(string topology, int hosts, IReadOnlyDictionary<string, string>? more = null,
        Func<IRedisTopology, Task>? prepare = null)
    {
        IRedisTopology redis = topology switch
        {
            Single => new RedisServer(),
            Sentinel => new RedisSentinelServers(),
            Cluster => new RedisClusterServers(),
            _ => throw new ArgumentException($"no topology {topology}: {Single}, {Sentinel} or {Cluster}", nameof(topology)),
        };
        await ((Xunit.IAsyncLifetime)redis).InitializeAsync();
        if (prepare is not null) await prepare(redis);
        var at = await AfricasTalkingApiSimulator.StartAsync();
        at.Latency = TimeSpan.FromMilliseconds(20);
        var settings = new Dictionary<string, string>
        {
            // Status checks of the demo register's documents, as often as the load asks.
            ["Demo__SeedRegister"] = "true", ["StatusLookup__PerPhonePerHour"] = "1000000", ["StatusLookup__PerDocumentPerHour"] = "100000000",
            ["Sms__RatePerSecond__AfricasTalking"] = "200",
            // As infra/README.md tells Sentinel and Cluster deployments: a queued SMS reply is on a replica before the provider hears 200.
            ["Redis__ReplicasToAcknowledge"] = topology == Single ? "0" : "1",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>()) settings[key] = value;
        try
        {
            var output = new System.Collections.Concurrent.ConcurrentQueue<(DateTimeOffset At, string Line)>();
            var fleet = await HostFleet.StartAsync(redis, at, settings, line => output.Enqueue((DateTimeOffset.UtcNow, line)), hosts);
            at.DeliveryReportUrl = $"{fleet.BaseUrl}/sms/africastalking/delivery?token={HostFleet.CallbackSecret}";
            return new Deployment(topology, redis, at, fleet) { HostOutput = output };
        }
        catch
        {
            await at.DisposeAsync();
            await ((Xunit.IAsyncLifetime)redis).DisposeAsync();
            throw;
        }
    }

    /// <summary>The load, sent to nginx as the providers would.</summary>
    public MixedLoad Load(DayMix mix) => new([Fleet.BaseUrl], HostFleet.CallbackSecret, HostFleet.DirectLineSecret)
    {
        UssdPerSecond = mix.Ussd, SmsPerSecond = mix.Sms, ChatPerSecond = mix.Chat, VoicePerSecond = mix.Voice,
        UssdScript = MixedLoad.StatusScript, SmsText = "ID 12345678", Pause = TimeSpan.FromMilliseconds(200),
        // Africa's Talking waits about 15 s for a USSD answer, Twilio 15 s for a webhook.
        Patience = TimeSpan.FromSeconds(15),
    };

    /// <summary>Redis's primaries now, by address.</summary>
    public IReadOnlyList<IServer> Primaries() =>
        _admin.Value.GetServers().Where(s => s.IsConnected && !s.IsReplica).OrderBy(s => s.EndPoint.ToString()).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_admin.IsValueCreated) await _admin.Value.DisposeAsync();
        await Fleet.DisposeAsync();
        await At.DisposeAsync();
        await ((Xunit.IAsyncLifetime)Redis).DisposeAsync();
    }
}
