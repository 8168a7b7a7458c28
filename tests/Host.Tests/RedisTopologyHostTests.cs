using Hangfire;
using Hangfire.Storage;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Host.Reminders;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Huduma.Contact.Host.Tests;

/// <summary>
/// The host on each Redis deployment in infra/redis/, connected as an operator would configure it:
/// a single server by address, Sentinel by its sentinels and service name, a cluster by seed nodes.
/// Start-up seeds the demo register in bulk (more than one batch), which is where a cluster first
/// refused a multi-key read.
/// </summary>
public abstract class RedisTopologyHostContract(IRedisTopology redis) : IAsyncLifetime
{
    private const int RegisterSize = 700;
    private HudumaHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = HudumaHost.OnRedis(redis, ("Demo:SeedRegister", "true"), ("Demo:RegisterSize", RegisterSize.ToString()));
        _client = _host.CreateClient(); // starts the host: its start-up work runs here
        await BackplaneSubscribedAsync();
    }

    /// <summary>
    /// SignalR's backplane subscribes in the background as the host starts. A host stopped before it has
    /// can time out unsubscribing on a cluster (seen once in several runs): these tests stop their hosts
    /// within a second of starting them, which a deployment does not.
    /// </summary>
    private async Task BackplaneSubscribedAsync()
    {
        string[] expected = [":all", ":internal:groups", ":internal:ack:", ":internal:return:"];
        for (var i = 0; i < 100; i++, await Task.Delay(100))
        {
            var channels = new List<string>();
            foreach (var server in redis.Connection.GetServers().Where(s => s.IsConnected))
                channels.AddRange((await server.SubscriptionChannelsAsync(RedisChannel.Pattern("huduma:signalr*"))).Select(c => c.ToString()));
            if (expected.All(e => channels.Any(c => c.Contains(e)))) return;
        }
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_host_starts_with_the_demo_register_seeded_is_ready_and_answers_a_status_session_end_to_end()
    {
        Assert.Equal(200, (int)(await _client.GetAsync("/health/ready")).StatusCode);
        Assert.True(await _host.Services.GetRequiredService<IDocumentRegister>().CountAsync() >= RegisterSize);

        var phone = new UssdPhone(_client, DemoRegister.DemoPhone);
        var first = await phone.DialAsync();
        var home = first.Contains("Choose language") ? await phone.SendAsync(UssdPhone.Option(first, "English")) : first;
        Assert.StartsWith("CON ", home);
        var types = await phone.SendAsync("1");
        await phone.SendAsync(UssdPhone.Option(types, "National"));
        var answer = await phone.SendAsync("12345678");
        var all = answer.Contains("98 More") ? answer + await phone.SendAsync("98") : answer;
        Assert.Contains("Wanjiku Kariuki", all);
        Assert.Contains("READY", all);
    }

    [Fact]
    public async Task The_sign_in_page_signs_its_form_with_a_data_protection_key_kept_in_this_redis()
    {
        var page = await _client.GetAsync("/login");
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("__RequestVerificationToken", await page.Content.ReadAsStringAsync());
        Assert.True(await redis.Connection.GetDatabase().ListLengthAsync("huduma:dataprotection-keys") > 0);
    }

    [Fact]
    public async Task Hangfire_registers_the_reminder_sweep_in_this_redis()
    {
        // Hangfire's writes are multi-key transactions: on a cluster they work only within its one hash tag.
        var storage = _host.Services.GetRequiredService<JobStorage>();
        RecurringJobDto? job = null;
        // Up to 30 s: Hangfire registers it from its own start-up, which took over 10 s once in a full run of every test project.
        for (var i = 0; i < 300 && job is null; i++, await Task.Delay(100))
        {
            using var connection = storage.GetConnection();
            job = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == ReminderSetup.SweepJobId);
        }
        Assert.NotNull(job);
        Assert.Null(job.Error);
    }
}

public sealed class RedisSingleHostTests(RedisServer redis) : RedisTopologyHostContract(redis), IClassFixture<RedisServer>;

[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelHostTests(RedisSentinelServers redis) : RedisTopologyHostContract(redis);

[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterHostTests(RedisClusterServers redis) : RedisTopologyHostContract(redis);
