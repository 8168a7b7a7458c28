using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Storage;
using Huduma.Contact.Core.Register;
using Huduma.Contact.Core.Reminders;
using Huduma.Contact.Host.Commands;
using Huduma.Contact.Host.Register;
using Huduma.Contact.Host.Reminders;
using Huduma.Contact.Sms.Simulator;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Host.Tests;

/// <summary>The register API, the import command and the reminder sweep, through the real host on Redis.</summary>
public sealed class RegisterAndRemindersTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Key = "test-agency-key";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(3)));
    private HudumaHost _host = null!;
    private HttpClient _api = null!;

    public Task InitializeAsync()
    {
        _host = new HudumaHost(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = redis.ConnectionString,
            ["Register:Agencies:0:Name"] = "nrb", ["Register:Agencies:0:Key"] = Key,
            // The tests run the sweep themselves: Hangfire's run (once a year here) must not race them.
            ["Reminders:SweepCron"] = "0 0 1 1 *",
        }) { Overrides = services => services.AddSingleton<TimeProvider>(_clock) };
        _api = _host.CreateClient();
        _api.DefaultRequestHeaders.Add(AgencyKeyFilter.Header, Key);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static object Doc(string number, string status, string phone = "+254722100001", string centre = "nairobi-gpo") => new
    {
        type = "national_id", number, holderName = "Achieng Ouma", phones = new[] { phone }, centre, status,
        waitingCardRef = "WC777001", appliedOn = "2026-10-01", readyOn = status == "ready" ? "2026-11-27" : null,
    };

    [Fact]
    public async Task The_register_api_refuses_a_missing_or_wrong_key_and_a_deployment_with_no_agencies()
    {
        using var anonymous = _host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/register/documents/national_id/1")).StatusCode);
        anonymous.DefaultRequestHeaders.Add(AgencyKeyFilter.Header, "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/register/documents", new[] { Doc("41000001", "ready") })).StatusCode);
        Assert.Null(await _host.Services.GetRequiredService<IDocumentRegister>().FindAsync("national_id", "41000001"));

        await using var none = HudumaHost.OnRedis(redis);
        using var client = none.CreateClient();
        client.DefaultRequestHeaders.Add(AgencyKeyFilter.Header, Key);
        var refused = await client.GetAsync("/api/register/documents/national_id/1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Register:Agencies", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refused_register_api_call_logs_the_document_number_masked()
    {
        var logs = new CapturedLogs();
        await using var host = new HudumaHost(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = redis.ConnectionString,
            ["Register:Agencies:0:Name"] = "nrb", ["Register:Agencies:0:Key"] = Key,
            ["Logging:LogLevel:Default"] = "Information", // as shipped (appsettings.json)
        }) { Overrides = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs) };
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(AgencyKeyFilter.Header, "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/register/documents/national_id/41234588")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.PostAsJsonAsync("/api/register/documents/national_id/41234588/status", new { status = "collected" })).StatusCode);

        var refusals = logs.Lines.Where(l => l.Contains("Refused register API call")).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, l => Assert.Contains("41****88", l));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("41234588"));
    }

    [Fact]
    public async Task An_agency_writes_documents_gets_bad_ones_back_by_index_and_marks_one_collected()
    {
        var response = await _api.PutAsJsonAsync("/api/register/documents",
            new[] { Doc("41000002", "in_process"), Doc("41000003", "ready", phone: "0722"), Doc("41000004", "ready", centre: "mars") });
        var result = await response.Content.ReadFromJsonAsync<AgencyWriteResult>();
        Assert.Equal((1, 0), (result!.Created, result.Updated));
        Assert.Equal([1, 2], result.Refused.Select(r => r.Index));
        Assert.Contains("bad phone", result.Refused[0].Reason);
        Assert.Contains("unknown centre", result.Refused[1].Reason);

        var collected = await _api.PostAsJsonAsync("/api/register/documents/national_id/41000002/status", new { status = "collected", date = "2026-11-26" });
        Assert.Equal(HttpStatusCode.OK, collected.StatusCode);
        var document = await _api.GetFromJsonAsync<RegisteredDocument>("/api/register/documents/national_id/41000002");
        Assert.Equal((DocumentStatus.Collected, new DateOnly(2026, 11, 26)), (document!.Status, document.CollectedOn));

        Assert.Equal(HttpStatusCode.NotFound, (await _api.PostAsJsonAsync("/api/register/documents/national_id/49999999/status", new { status = "collected" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.PostAsJsonAsync("/api/register/documents/national_id/41000002/status", new { status = "lost" })).StatusCode);
        var junk = await _api.PutAsync("/api/register/documents", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
    }

    [Fact]
    public async Task A_document_marked_ready_through_the_api_gets_its_reminder_from_the_sweep()
    {
        await _api.PutAsJsonAsync("/api/register/documents", new[] { Doc("41000005", "in_process", phone: "+254722100005") });
        var ready = await _api.PostAsJsonAsync("/api/register/documents/national_id/41000005/status", new { status = "ready" });
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var report = await _host.Services.GetRequiredService<ReminderSweep>().RunAsync();
        Assert.True(report.Sent >= 1);
        var inbox = await _host.Services.GetRequiredService<SimulatorSmsSender>().InboxAsync("+254722100005", 10);
        var sms = Assert.Single(inbox, m => m.Purpose == ReminderSweep.Purpose);
        Assert.Contains("Huduma Centre GPO", sms.Text);
        Assert.Contains("0005", sms.Text);
    }

    [Fact]
    public async Task The_reminder_sweep_is_a_recurring_hangfire_job_in_redis_on_the_configured_schedule()
    {
        _ = _host.Services; // start the host: the job is registered as it starts
        var storage = _host.Services.GetRequiredService<JobStorage>();
        Assert.Contains("Redis", storage.GetType().Name);
        RecurringJobDto? job = null;
        for (var i = 0; i < 300 && job is null; i++, await Task.Delay(100))
        {
            using var connection = storage.GetConnection();
            job = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == ReminderSetup.SweepJobId);
        }
        Assert.Equal("0 0 1 1 *", job?.Cron);
    }

    [Fact]
    public async Task The_import_command_imports_a_file_reports_bad_rows_by_line_and_exits_1()
    {
        var path = Path.Combine(Path.GetTempPath(), $"huduma-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(path,
        [
            "type,number,holder_name,phone,centre,status,waiting_card_ref,applied_on,ready_on,collected_on",
            "national_id,42000001,Kamau Njoroge,0722200001,nairobi-gpo,ready,WC1,2026-10-01,2026-11-27,",
            "national_id,42000002,Kamau Njoroge,0722200002,nowhere,ready,WC2,2026-10-01,2026-11-27,",
        ]);
        var output = new StringWriter();
        var console = TextConsole.Create(output);
        var exit = await ImportCommand.RunAsync(_host.Services, _host.Services.GetRequiredService<IConfiguration>(), ["import", path], console);
        Assert.Equal(1, exit);
        Assert.Contains("line 3: unknown centre 'nowhere'", output.ToString());
        Assert.NotNull(await _host.Services.GetRequiredService<IDocumentRegister>().FindAsync("national_id", "42000001"));
        Assert.True(await _host.Services.GetRequiredService<IReminderStore>().IsQueuedAsync("national_id:42000001"));

        var missing = await ImportCommand.RunAsync(_host.Services, _host.Services.GetRequiredService<IConfiguration>(), ["import", path + ".nope"], console);
        Assert.Equal(2, missing);
        File.Delete(path);
    }
}
