using Huduma.Contact.Bot.Connector;
using Huduma.Contact.Bot.DirectLine;
using Huduma.Contact.Bot.Handoff;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Huduma.Contact.Bot.Tests;

/// <summary>
/// The chat channel without the host: Core's engine on the shipped content with in-memory stores
/// (<see cref="EngineHarness"/>), and the bot, its renderer, handoff, in-memory conversation log, Direct
/// Line tokens and the connector's channel client as AddDirectLine registers them. The connector runs
/// open (no app id, as for the Emulator); its replies are caught by <see cref="ChannelPosts"/>.
/// </summary>
internal sealed class BotHarness : IDisposable
{
    public const string Secret = "direct-line-test-secret";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));
    public EngineHarness Core { get; }
    public DailyCounters Daily { get; }
    public DirectLineOptions DirectLine { get; } = new() { Secret = Secret };
    public DirectLineTokens Tokens { get; }
    public IConversationLog Log { get; }
    public BotConnectorOptions ConnectorOptions { get; } = new();
    public ChannelPosts Channel { get; } = new();
    public ConnectorAuthentication ConnectorAuth { get; }
    public ConnectorChannel Connector { get; }
    public ChatHandoff Handoff { get; }
    public ChatBot Bot { get; }
    public ILoggerFactory Loggers => NullLoggerFactory.Instance;
    private readonly ConversationSignals _signals = new();

    public BotHarness()
    {
        Core = new EngineHarness(Clock);
        Daily = new DailyCounters(Core.Store, Clock);
        Tokens = new DirectLineTokens(DirectLine, Clock);
        Log = new InMemoryConversationLog(DirectLine, Clock, _signals);
        ConnectorAuth = new ConnectorAuthentication(ConnectorOptions, Channel);
        Connector = new ConnectorChannel(Core.Store, Channel, new ConnectorTokens(ConnectorOptions, Channel, Clock), ConnectorOptions, DirectLine,
            NullLogger<ConnectorChannel>.Instance);
        var conversations = Core.Conversations(Daily, Clock);
        var desk = new EscalationDesk(Core.Escalations, Clock);
        var ratings = new RatingReplies(Core.Store, desk);
        var handoff = Handoff = new ChatHandoff(conversations, ratings, Log, Core.Content, Connector, new AgentNamesAsGiven(), Clock, NullLogger<ChatHandoff>.Instance);
        Bot = new ChatBot(conversations, DirectLine, new ChatRenderer(Core.Content), handoff, Core.Escalations,
            desk, ratings, new ConversationLocks(), Log, Clock);
        Core.Register.UpsertAsync(EngineHarness.ReadyId).GetAwaiter().GetResult();
    }

    /// <summary>The conversation's state as the bot stored it.</summary>
    public Task<ConversationState?> StateAsync(string conversationId) => Core.Store.GetAsync<ConversationState>(ChatBot.StateKey(conversationId));

    /// <summary>Chats started today, as the supervisors' dashboard reads them.</summary>
    public async Task<long> ChatsStartedTodayAsync() =>
        (await Daily.DaysAsync(DailyCounters.ConversationsStarted(ChatBot.Channel), Daily.Today, Daily.Today))[0];

    public void Dispose()
    {
        Daily.Dispose();
        _signals.Dispose();
    }
}
