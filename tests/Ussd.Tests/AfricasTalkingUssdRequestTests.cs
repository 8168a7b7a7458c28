using System.Collections.Concurrent;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using Huduma.Contact.Ussd.AfricasTalking;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huduma.Contact.Ussd.Tests;

/// <summary>
/// Africa's Talking's USSD requests as it sends them (docs/protocols/africastalking.md), each given to its
/// endpoint's handler without the host: the status and body AT gets back, and what was stored — the
/// phone's session after a hop, the notification after a session's end, nothing at all after a 400.
/// </summary>
public sealed class AfricasTalkingUssdRequestTests
{
    private const string Hop = "https://huduma.example.go.ke/ussd/africastalking";
    private const string Events = Hop + "/events";
    private const string Phone = "+254722000111";

    private readonly EngineHarness _h = new();
    private readonly RecordingStateStore _store;
    private readonly UssdHopHandler _handler;

    public AfricasTalkingUssdRequestTests()
    {
        _store = new RecordingStateStore(new ObjectLists(_h.Store));
        _handler = new UssdHopHandler(_h.Conversations(new DailyCounters(_store, TimeProvider.System), store: _store), new UssdOptions(), NullLogger<UssdHopHandler>.Instance);
    }

    /// <summary>A hop: the body as AT posts it, then the answer's status and start, and the session id stored for <see cref="Phone"/> (null: nothing stored).</summary>
    public static TheoryData<string, int, string, string?> Hops => new()
    {
        { "sessionId=ATUid_9b1f0c3e&serviceCode=%2A384%2A1919%23&phoneNumber=%2B254722000111&networkCode=63902&text=", 200, "CON Welcome to Huduma 1919", "ATUid_9b1f0c3e" },
        // A shortcut dial (*384*1919*1*1#) carries its inputs on the first hop.
        { "sessionId=ATUid_5d2e&serviceCode=%2A384%2A1919%23&phoneNumber=%2B254722000111&networkCode=63903&text=1%2A1", 200, "CON Which document?", "ATUid_5d2e" },
        // The sandbox's network code, a number without its +, and a field AT may add later.
        { "sessionId=ATUid_sbx1&serviceCode=%2A384%2A1919%23&phoneNumber=254722000111&networkCode=99999&text=&channel=ussd", 200, "CON Welcome to Huduma 1919", "ATUid_sbx1" },
        { "serviceCode=%2A384%2A1919%23&phoneNumber=%2B254722000111&networkCode=63902&text=", 400, "missing field(s): sessionId", null },
        { "sessionId=+&serviceCode=%2A384%2A1919%23&networkCode=63902&text=1", 400, "missing field(s): sessionId, phoneNumber", null },
        { "sessionId=ATUid_1&serviceCode=%2A384%2A1919%23&phoneNumber=12345&networkCode=63902&text=", 400, "phoneNumber is not a valid phone number", null },
        { $"sessionId={new string('a', 129)}&serviceCode=%2A384%2A1919%23&phoneNumber=%2B254722000111&text=", 400, "sessionId is too long", null },
        { $"sessionId=ATUid_2&serviceCode=%2A384%2A1919%23&phoneNumber=junk&text={new string('1', 1001)}", 400,
            "phoneNumber is not a valid phone number; text is too long", null },
        { "", 400, "missing field(s): sessionId, serviceCode, phoneNumber", null },
    };

    [Theory]
    [MemberData(nameof(Hops))]
    public async Task A_hop_is_answered_and_stored_or_refused_with_every_bad_field_named_and_nothing_stored(string body, int status, string answer,
        string? storedSession)
    {
        var (gotStatus, gotBody) = ProviderAnswer.Of(await AfricasTalkingUssd.ReceiveHop(ProviderRequest.FormPost(Hop, body), _handler, CancellationToken.None));

        Assert.Equal(status, gotStatus);
        Assert.StartsWith(answer, gotBody);
        if (storedSession is null) Assert.Empty(_store.Written);
        else Assert.Equal(storedSession, (await _store.GetAsync<UssdSession>(UssdHopHandler.PhoneKey(Phone)))?.SessionId);
    }

    /// <summary>An end-of-session notification: the body, then the status, and what is recorded (status, hops, ms, error; null: nothing).</summary>
    public static TheoryData<string, int, string, (string Status, int? Hops, long? Ms, string? Error)?> SessionEnds => new()
    {
        { "sessionId=ATUid_9b1f0c3e&serviceCode=%2A384%2A1919%23&networkCode=63902&phoneNumber=%2B254722000111&status=Success&input=1"
          + "&durationInMillis=35120&hopsCount=5&cost=KES+0.0000&errorMessage=&date=2026-11-25+10%3A00%3A35", 200, "", ("Success", 5, 35120, null) },
        { "sessionId=ATUid_77&serviceCode=%2A384%2A1919%23&networkCode=63903&phoneNumber=%2B254722000111&status=Failed&input="
          + "&durationInMillis=12000&hopsCount=1&cost=KES+0.0000&errorMessage=Application+response+timed+out&date=2026-11-25+10%3A01%3A00", 200, "",
            ("Failed", 1, 12000, "Application response timed out") },
        // Figures AT leaves blank are recorded as unknown, not refused: the session is over either way.
        { "sessionId=ATUid_78&phoneNumber=%2B254722000111&status=Incomplete&durationInMillis=&hopsCount=", 200, "", ("Incomplete", null, null, null) },
        { "serviceCode=%2A384%2A1919%23&phoneNumber=%2B254722000111&status=Success", 400, "missing field(s): sessionId", null },
    };

    [Theory]
    [MemberData(nameof(SessionEnds))]
    public async Task A_session_end_is_recorded_with_the_phone_masked_or_refused_and_nothing_stored(string body, int status, string answer,
        (string Status, int? Hops, long? Ms, string? Error)? recorded)
    {
        var (gotStatus, gotBody) = ProviderAnswer.Of(await AfricasTalkingUssd.ReceiveSessionEnd(ProviderRequest.FormPost(Events, body), _store,
            TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None));

        Assert.Equal((status, answer), (gotStatus, gotBody));
        var events = await _store.RecentAsync<UssdSessionEnded>(AfricasTalkingUssd.EventsKey, 10);
        if (recorded is null)
        {
            Assert.Empty(_store.Written);
            return;
        }
        var ended = Assert.Single(events);
        Assert.Equal(recorded, (ended.Status!, ended.Hops, ended.DurationMs, ended.Error));
        Assert.DoesNotContain(Phone, ended.Phone);
        Assert.EndsWith("111", ended.Phone);
    }

    /// <summary>
    /// Keeps appended records as objects: reflection-based JSON is off in this project (sessions must not need
    /// it), and the end-of-session record is no session — the host stores it with the general options.
    /// </summary>
    private sealed class ObjectLists(IStateStore inner) : StateStoreDecorator(inner)
    {
        private readonly ConcurrentDictionary<string, List<object>> _lists = new();

        public override Task AppendAsync<T>(string key, T value, int maxLength, CancellationToken ct = default, TimeSpan? ttl = null)
        {
            var list = _lists.GetOrAdd(key, _ => []);
            lock (list) list.Insert(0, value);
            return Task.CompletedTask;
        }

        public override Task<IReadOnlyList<T>> RecentAsync<T>(string key, int count, CancellationToken ct = default)
        {
            var list = _lists.GetOrAdd(key, _ => []);
            lock (list) return Task.FromResult<IReadOnlyList<T>>(list.Take(count).Cast<T>().ToList());
        }
    }
}
