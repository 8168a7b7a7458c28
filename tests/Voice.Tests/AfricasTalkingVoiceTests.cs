using System.Xml.Linq;
using Huduma.Contact.TestSupport;
using Huduma.Contact.Voice.AfricasTalking;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using static Huduma.Contact.Voice.Tests.SpokenAnswer;

namespace Huduma.Contact.Voice.Tests;

/// <summary>
/// Africa's Talking Voice: its callback form posts (docs/protocols/africastalking.md, Voice) to the
/// handler of POST /voice/africastalking, answered with AT's voice XML. The ?token= check is the host's
/// filter, not this handler's: the URL carries it here only because GetDigits must post back to it.
/// </summary>
public sealed class AfricasTalkingVoiceTests : VoiceCallContract
{
    private const string Endpoint = VoiceHarness.PublicBase + "/voice/africastalking?token=at-voice-secret";

    protected override string Provider => AfricasTalkingVoice.Provider;
    protected override string NewCallId() => "ATVId_" + Guid.NewGuid().ToString("N");

    /// <summary>A callback as AT posts it; <paramref name="more"/> adds or replaces fields.</summary>
    private static Dictionary<string, string> Form(string sessionId, string caller, params (string Key, string Value)[] more)
    {
        var form = new Dictionary<string, string>
        {
            ["sessionId"] = sessionId, ["isActive"] = "1", ["direction"] = "Inbound", ["callerNumber"] = caller,
            ["destinationNumber"] = "+254711082919",
        };
        foreach (var (key, value) in more) form[key] = value;
        return form;
    }

    private Task<IResult> PostAsync(string url, Dictionary<string, string> form) =>
        AfricasTalkingVoice.Callback(ProviderRequest.FormPost(url, form), H.Dialog, H.CallLog, H.Options, H.Audio, H.Configuration, H.Loggers,
            CancellationToken.None);

    protected override async Task<XElement> CallbackAsync(string callId, string caller, string? keys) =>
        Xml(await PostAsync(Endpoint, keys is null ? Form(callId, caller) : Form(callId, caller, ("dtmfDigits", keys))));

    protected override async Task<XElement> SilenceAsync(string callId, string caller) =>
        Xml(await PostAsync(Endpoint + "&silence=1", Form(callId, caller)));

    protected override void AssertHeard(XElement answer, Heard next)
    {
        var getDigits = answer.Element("GetDigits");
        switch (next)
        {
            case Heard.Key:
                Assert.Equal("1", getDigits!.Attribute("numDigits")!.Value);
                Assert.Null(getDigits.Attribute("finishOnKey"));
                break;
            case Heard.Number:
                Assert.Equal("#", getDigits!.Attribute("finishOnKey")!.Value);
                Assert.Null(getDigits.Attribute("numDigits"));
                break;
            case Heard.Transfer:
                Assert.Null(getDigits);
                Assert.Equal(string.Join(",", H.Options.AgentNumbers), answer.Element("Dial")!.Attribute("phoneNumbers")!.Value);
                break;
            case Heard.Goodbye:
                Assert.Equal(["Say"], answer.Elements().Select(e => e.Name.LocalName).Distinct());
                break;
        }
    }

    [Fact]
    public async Task GetDigits_posts_back_to_the_url_AT_called_and_no_key_is_redirected_with_the_silence_marker()
    {
        var first = await CallbackAsync(NewCallId(), "+254733000111", null);
        var getDigits = first.Element("GetDigits")!;
        Assert.Equal(Endpoint, getDigits.Attribute("callbackUrl")!.Value);
        Assert.Equal(H.Options.KeyTimeoutSeconds.ToString(), getDigits.Attribute("timeout")!.Value);
        Assert.Equal("false", getDigits.Element("Say")!.Attribute("playBeep")!.Value);
        Assert.Equal(Endpoint + "&silence=1", first.Element("Redirect")!.Value);
    }

    [Fact]
    public async Task The_hang_up_notification_records_the_call_and_is_answered_with_an_empty_response()
    {
        var callId = NewCallId();
        var caller = EngineHarness.ReadyId.Phones[0];
        await CallAsync(callId, caller, "English", "Document status");

        var end = Xml(await PostAsync(Endpoint, Form(callId, caller, ("isActive", "0"), ("durationInSeconds", "95"),
            ("hangupCause", "NORMAL_CLEARING"), ("currencyCode", "KES"), ("amount", "0.5000"))));

        Assert.Empty(end.Elements());
        var ended = Assert.Single(await H.CallLog.RecentAsync(10));
        Assert.Equal((Provider, callId, "NORMAL_CLEARING", 95, "en", false), (ended.Provider, ended.CallId, ended.Status, ended.DurationSeconds,
            ended.Language, ended.Transferred));
        Assert.Equal((await H.Dialog.FindAsync(Provider, callId))!.State.Path, ended.Path);
        Assert.Contains(ended.Path, p => p.StartsWith(Core.Content.MenuNodes.Home + ":"));
        Assert.DoesNotContain(caller, ended.Phone);   // masked for the supervisors' report
        var line = Assert.Single(H.Logs.GetSnapshot(), r => r.Message.Contains("ended"));
        Assert.Contains(callId, line.Message);
        Assert.Contains(ended.Phone!, line.Message);
        Assert.DoesNotContain(caller, line.Message);
    }

    [Fact]
    public async Task A_hang_up_after_a_transfer_is_recorded_as_transferred_with_its_ticket()
    {
        var callId = NewCallId();
        await CallAsync(callId, "+254733000111", "English", "0");
        await PostAsync(Endpoint, Form(callId, "+254733000111", ("isActive", "0"), ("durationInSeconds", "240"), ("hangupCause", "NORMAL_CLEARING")));
        var ended = Assert.Single(await H.CallLog.RecentAsync(10));
        var ticket = Assert.Single(await H.Core.Escalations.ListOpenAsync());
        Assert.Equal((true, ticket.Reference), (ended.Transferred, ended.Ticket));
    }

    [Fact]
    public async Task A_callback_without_a_session_id_is_refused_and_nothing_is_stored()
    {
        var result = Assert.IsType<ContentHttpResult>(await PostAsync(Endpoint, new Dictionary<string, string>
        {
            ["isActive"] = "1", ["callerNumber"] = "+254733000111", ["dtmfDigits"] = "1",
        }));
        Assert.Equal((400, "missing field(s): sessionId"), (result.StatusCode, result.ResponseContent));
        Assert.Empty(await H.CallLog.RecentAsync(10));
        Assert.Equal(0, await H.CallsStartedTodayAsync());
    }
}
