using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Voice.Tests;

/// <summary>
/// The voice channel without the host: Core's engine on the shipped content with in-memory stores
/// (<see cref="EngineHarness"/>), and the dialog, call log and audio index as AddVoice registers them.
/// The clock is fake, so agents' hours can be open or closed; logs are collected to be read back.
/// </summary>
internal sealed class VoiceHarness : IDisposable
{
    public const string PublicBase = "https://huduma.example.go.ke";
    /// <summary>Wednesday 2026-11-25, 10:00 in Nairobi: agents are in.</summary>
    public static readonly DateTimeOffset AgentsIn = new(2026, 11, 25, 7, 0, 0, TimeSpan.Zero);
    /// <summary>Saturday 2026-11-28, 21:00 in Nairobi: nobody answers.</summary>
    public static readonly DateTimeOffset AgentsOut = new(2026, 11, 28, 18, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(AgentsIn);
    public EngineHarness Core { get; }
    /// <summary>The store the channel writes to: every write's key is noted, so a refused request can be seen to write nothing.</summary>
    public RecordingStateStore Store { get; }
    public DailyCounters Daily { get; }
    public VoiceOptions Options { get; } = new()
    {
        AgentNumbers = ["+254700100200", "+254700100201"],
        // No recordings: every sentence is spoken (<Say>), so the answers carry the content's words.
        AudioDirectory = Path.Combine(Path.GetTempPath(), "huduma-voice-tests-" + Guid.NewGuid().ToString("N")),
    };
    public VoiceDialog Dialog { get; }
    public VoiceCallLog CallLog { get; }
    public VoiceAudio Audio { get; }
    public IConfiguration Configuration { get; } = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["PublicBaseUrl"] = PublicBase }).Build();
    public FakeLogCollector Logs { get; } = new();
    public ILoggerFactory Loggers { get; }

    public VoiceHarness()
    {
        Core = new EngineHarness(Clock);
        Store = new RecordingStateStore(Core.Store);
        Daily = new DailyCounters(Store, Clock);
        Loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new FakeLoggerProvider(Logs)));
        var conversations = new Conversations(Core.Engine, Store, Daily, Core.Escalations, new AgentHoursOptions().Build(Clock));
        Dialog = new VoiceDialog(conversations, Options, Clock, Loggers.CreateLogger<VoiceDialog>());
        CallLog = new VoiceCallLog(Store, conversations, Daily, Clock);
        Audio = new VoiceAudio(Options, Clock);
        Core.Register.UpsertAsync(EngineHarness.ReadyId).GetAwaiter().GetResult();
    }

    /// <summary>Calls started today on the channel, as the supervisors' dashboard reads them.</summary>
    public async Task<long> CallsStartedTodayAsync() =>
        (await Daily.DaysAsync(DailyCounters.ConversationsStarted(VoiceDialog.Channel), Daily.Today, Daily.Today))[0];

    public void Dispose()
    {
        Daily.Dispose();
        Loggers.Dispose();
    }
}
