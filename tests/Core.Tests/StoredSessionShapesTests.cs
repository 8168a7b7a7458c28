using System.Text.Json.Nodes;
using Huduma.Contact.Core.Conversations;
using Huduma.Contact.Core.Escalations;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Core.Profiles;
using Huduma.Contact.Core.State;
using Huduma.Contact.TestSupport;
using StackExchange.Redis;

namespace Huduma.Contact.Core.Tests;

/// <summary>
/// Sessions as the hosts stored them in Redis before the session JSON became one source-generated path
/// (StoredShapes/*.json: real USSD hops, voice calls, a chat, an SMS exchange run through the host on
/// Redis, the values then read with GET). A fleet is upgraded one host at a time, so every shape here
/// must keep reading, through the store's own read, as what it was; and what a host writes back must be
/// the same JSON, so that a host not yet upgraded reads it too.
/// </summary>
public sealed class StoredSessionShapesTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly RedisStateStore _store = new(redis.Connection);
    private IDatabase Db => redis.Connection.GetDatabase();

    private static string Shape(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "StoredShapes", name + ".json"));

    /// <summary>The stored shape put under a fresh key, as the host left it, and read back by the store.</summary>
    private async Task<T> ReadAsync<T>(string name) where T : class
    {
        var key = $"shapes:{name}:{Guid.NewGuid():N}";
        await Db.StringSetAsync("huduma:" + key, Shape(name));
        return (await _store.GetAsync<T>(key))!;
    }

    [Fact]
    public async Task A_ussd_session_in_a_menu_reads_back_with_its_language_node_back_stack_and_inputs()
    {
        var session = await ReadAsync<UssdSession>("ussd-in-a-menu");
        Assert.Equal(("en", "status.type"), (session.State.Lang, session.State.Node));
        Assert.Equal(["main"], session.State.Back);
        Assert.Equal(["language:1", "main:1"], session.State.Path);
        Assert.Empty(session.State.Vars);
        Assert.Equal(("ATUid_cf90478fc7e14eb5a742192f07eadf55", "1*1", 0), (session.SessionId, session.Consumed, session.Page));
        Assert.Null(session.State.Result);
        Assert.False(session.OfferingResume);
    }

    [Fact]
    public async Task A_ussd_session_on_a_result_reads_back_with_its_vars_result_wrong_count_and_notice()
    {
        var session = await ReadAsync<UssdSession>("ussd-on-a-result-with-a-notice");
        var state = session.State;
        Assert.Equal("status.number", state.Node);
        Assert.Equal(["main", "status.type"], state.Back);
        Assert.Equal("national_id", state.Vars["documentType"]);
        Assert.Equal("23456789", state.Vars["documentNumber"]);
        Assert.Equal("status.number:23****89", state.Path[^1]);
        Assert.Equal(1, state.Wrong);
        Assert.StartsWith("Achieng Ouma: your National ID 23456789 is READY", state.Result!.Lines[0]);
        Assert.Equal(2, state.Result.Lines.Count);
        Assert.Empty(state.Result.Options);
        Assert.False(state.Result.Ends);
        Assert.False(state.Ended);
        Assert.Equal("Invalid choice. Try again.", session.Notice);
        Assert.Equal("1*1*1*23456789*WC555111", session.Consumed);
    }

    [Fact]
    public async Task A_ussd_session_offering_to_resume_reads_back_with_the_question_on()
    {
        var session = await ReadAsync<UssdSession>("ussd-offering-resume");
        Assert.True(session.OfferingResume);
        Assert.Equal("", session.Consumed);
        Assert.Equal("status.number", session.State.Node);
        Assert.NotNull(session.State.Result);
    }

    [Fact]
    public async Task A_ussd_session_on_a_later_page_reads_back_with_its_page()
    {
        var session = await ReadAsync<UssdSession>("ussd-on-a-later-page");
        Assert.Equal(2, session.Page);
        Assert.Equal(("sw", "centre.county"), (session.State.Lang, session.State.Node));
        Assert.Equal("2*2*98*98", session.Consumed);
    }

    [Fact]
    public async Task A_voice_call_reading_a_later_page_reads_back_with_its_caller_start_and_page()
    {
        var call = await ReadAsync<VoiceCall>("voice-reading-a-later-page");
        Assert.Equal(("twilio", "CAbe13b8d06c994b66bdc5ecbbdb7603a6", "+254722000444"), (call.Provider, call.CallId, call.Msisdn));
        Assert.Equal(DateTimeOffset.Parse("2026-12-06T10:22:13.382807+00:00"), call.StartedAt);
        Assert.Equal(1, call.Page);
        Assert.Equal(("en", "centre.county"), (call.State.Lang, call.State.Node));
        Assert.Equal(["main"], call.State.Back);
        Assert.False(call.OfferingCallBack);
        Assert.Null(call.Ticket);
    }

    [Fact]
    public async Task A_voice_call_offering_a_call_back_reads_back_with_the_offer_on()
    {
        var call = await ReadAsync<VoiceCall>("voice-offering-a-call-back");
        Assert.True(call.OfferingCallBack);
        Assert.False(call.Transferred);
        Assert.Equal((0, 0), (call.Page, call.Silences));
        Assert.Equal("status.type", call.State.Node);
    }

    [Fact]
    public async Task A_chat_conversation_reads_back_with_its_language_node_and_trail()
    {
        var state = await ReadAsync<ConversationState>("chat");
        Assert.Equal(("en", "status.type"), (state.Lang, state.Node));
        Assert.Equal(["main"], state.Back);
        Assert.Equal(["language:1", "main:1"], state.Path);
        Assert.Equal(0, state.Wrong);
    }

    [Fact]
    public async Task An_sms_conversation_waiting_for_a_reference_reads_back_with_what_it_waits_for()
    {
        var state = await ReadAsync<SmsSession>("sms-awaiting-a-reference");
        Assert.Equal(("en", "national_id", "23456789", 0), (state.Lang, state.AwaitingType, state.AwaitingNumber, state.Misunderstood));
    }

    [Fact]
    public async Task An_sms_conversation_walking_a_menu_reads_back_with_the_engine_state_and_its_page()
    {
        var session = await ReadAsync<SmsSession>("sms-in-a-menu");
        Assert.Equal(("service.list", 1, null), (session.Menu!.Node, session.MenuPage, session.AwaitingType));
        Assert.Equal(["main"], session.Menu.Back);
    }

    [Fact]
    public async Task An_sms_thread_reads_back_newest_first()
    {
        var key = $"shapes:sms-thread:{Guid.NewGuid():N}";
        foreach (var line in JsonNode.Parse(Shape("sms-thread"))!.AsArray())
            await Db.ListRightPushAsync("huduma:" + key, line!.ToJsonString());
        var lines = await _store.RecentAsync<TranscriptLine>(key, 10);
        Assert.Equal(["bot", "citizen"], lines.Select(l => l.From));
        Assert.Equal("ID 23456789", lines[1].Text);
        Assert.Equal(DateTimeOffset.Parse("2026-12-06T10:22:12.6667253+00:00"), lines[1].At);
    }

    [Fact]
    public async Task A_phone_profile_reads_back_with_its_language()
    {
        var profile = await ReadAsync<PhoneProfiles.Profile>("profile");
        Assert.Equal(Content.Language.En, profile.Language);
    }

    public static TheoryData<string, Type> Sessions => new()
    {
        { "ussd-in-a-menu", typeof(UssdSession) }, { "ussd-on-a-result-with-a-notice", typeof(UssdSession) },
        { "ussd-offering-resume", typeof(UssdSession) }, { "ussd-on-a-later-page", typeof(UssdSession) },
        { "voice-reading-a-later-page", typeof(VoiceCall) }, { "voice-offering-a-call-back", typeof(VoiceCall) },
        { "chat", typeof(ConversationState) }, { "sms-awaiting-a-reference", typeof(SmsSession) }, { "sms-in-a-menu", typeof(SmsSession) },
        { "profile", typeof(PhoneProfiles.Profile) },
    };

    /// <summary>
    /// Read and written again, each session is the same JSON (the same properties and values; an escaped
    /// "\u002B" and a plain "+" are the same value): a host not yet upgraded reads what an upgraded one wrote.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sessions))]
    public async Task A_stored_session_is_written_back_as_the_same_json(string name, Type type)
    {
        var read = await (Task<object>)GetType().GetMethod(nameof(RoundTripAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(type).Invoke(this, [name])!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Shape(name)), JsonNode.Parse((string)read)),
            $"stored: {Shape(name)}\nwritten back: {read}");
    }

    /// <summary>
    /// Every session type is read and written by the generated context, whichever assembly was loaded
    /// first: never by the reflection-based serializer that other stored values use.
    /// </summary>
    [Fact]
    public void Every_session_type_is_serialized_by_the_generated_session_context()
    {
        Assert.Same(SessionJson.Default, StateJson.TypeInfo<UssdSession>().OriginatingResolver);
        Assert.Same(SessionJson.Default, StateJson.TypeInfo<VoiceCall>().OriginatingResolver);
        Assert.Same(SessionJson.Default, StateJson.TypeInfo<ConversationState>().OriginatingResolver);
        Assert.Same(SessionJson.Default, StateJson.TypeInfo<SmsSession>().OriginatingResolver);
        Assert.Same(SessionJson.Default, StateJson.TypeInfo<TranscriptLine>().OriginatingResolver);
        Assert.Same(SessionJson.Default, StateJson.TypeInfo<PhoneProfiles.Profile>().OriginatingResolver);
    }

    private async Task<object> RoundTripAsync<T>(string name) where T : class
    {
        var key = $"shapes:{name}:{Guid.NewGuid():N}";
        await _store.SetAsync(key, await ReadAsync<T>(name), TimeSpan.FromMinutes(1));
        return (await Db.StringGetAsync("huduma:" + key)).ToString();
    }
}
