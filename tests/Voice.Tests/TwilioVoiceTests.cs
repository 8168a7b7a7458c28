using System.Xml.Linq;
using Huduma.Contact.TestSupport;
using Huduma.Contact.Voice.Twilio;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using static Huduma.Contact.Voice.Tests.SpokenAnswer;

namespace Huduma.Contact.Voice.Tests;

/// <summary>
/// Twilio Voice: its webhook form posts (docs/protocols/twilio.md, Voice) to the handlers of POST
/// /voice/twilio, /voice/twilio/gather and /voice/twilio/status, answered with TwiML. The signature check
/// is the host's filter, not these handlers'.
/// </summary>
public sealed class TwilioVoiceTests : VoiceCallContract
{
    private const string Account = "AC00000000000000000000000000000007";
    private const string Base = VoiceHarness.PublicBase + "/voice/twilio";

    protected override string Provider => TwilioVoice.Provider;
    protected override string NewCallId() => "CA" + Guid.NewGuid().ToString("N");

    /// <summary>A webhook as Twilio posts it; <paramref name="more"/> adds or replaces fields.</summary>
    private static Dictionary<string, string> Form(string callSid, string caller, params (string Key, string Value)[] more)
    {
        var form = new Dictionary<string, string>
        {
            ["CallSid"] = callSid, ["AccountSid"] = Account, ["From"] = caller, ["To"] = "+254700001919", ["Caller"] = caller,
            ["Called"] = "+254700001919", ["CallStatus"] = "in-progress", ["Direction"] = "inbound", ["ApiVersion"] = "2010-04-01",
        };
        foreach (var (key, value) in more) form[key] = value;
        return form;
    }

    private Task<IResult> AnswerAsync(string url, Dictionary<string, string> form) =>
        TwilioVoice.Answer(ProviderRequest.FormPost(url, form), H.Dialog, H.Options, H.Audio, H.Loggers, CancellationToken.None);

    private Task<IResult> StatusAsync(Dictionary<string, string> form) =>
        TwilioVoice.Status(ProviderRequest.FormPost(Base + "/status", form), H.CallLog, H.Loggers, CancellationToken.None);

    // The call arrives ringing at /voice/twilio; each <Gather> posts its Digits to /voice/twilio/gather.
    protected override async Task<XElement> CallbackAsync(string callId, string caller, string? keys) => Xml(keys is null
        ? await AnswerAsync(Base, Form(callId, caller, ("CallStatus", "ringing")))
        : await AnswerAsync(Base + "/gather", Form(callId, caller, ("Digits", keys))));

    protected override async Task<XElement> SilenceAsync(string callId, string caller) =>
        Xml(await AnswerAsync(Base + "/gather?silence=1", Form(callId, caller)));

    protected override void AssertHeard(XElement answer, Heard next)
    {
        var gather = answer.Element("Gather");
        switch (next)
        {
            case Heard.Key:
                Assert.Equal("1", gather!.Attribute("numDigits")!.Value);
                break;
            case Heard.Number:
                Assert.Equal("#", gather!.Attribute("finishOnKey")!.Value);
                Assert.Null(gather.Attribute("numDigits"));
                break;
            case Heard.Transfer:
                Assert.Null(gather);
                Assert.Equal(H.Options.TwilioQueue, answer.Element("Enqueue")!.Value);
                break;
            case Heard.Goodbye:
                Assert.Null(gather);
                Assert.Equal("Hangup", answer.Elements().Last().Name.LocalName);
                break;
        }
    }

    [Fact]
    public async Task Gather_takes_dtmf_posts_to_the_gather_url_and_no_key_is_redirected_with_the_silence_marker()
    {
        var first = await CallbackAsync(NewCallId(), "+254733000111", null);
        var gather = first.Element("Gather")!;
        Assert.Equal(("dtmf", "/voice/twilio/gather", "POST"), (gather.Attribute("input")!.Value, gather.Attribute("action")!.Value, gather.Attribute("method")!.Value));
        Assert.Equal(H.Options.KeyTimeoutSeconds.ToString(), gather.Attribute("timeout")!.Value);
        Assert.Equal(H.Options.TwilioLanguageEn, gather.Element("Say")!.Attribute("language")!.Value);
        Assert.Equal("/voice/twilio/gather?silence=1", first.Element("Redirect")!.Value);
    }

    [Fact]
    public async Task The_status_callback_records_the_calls_duration_outcome_and_path()
    {
        var callId = NewCallId();
        var caller = EngineHarness.ReadyId.Phones[0];
        await CallAsync(callId, caller, "English", "Document status");

        Assert.IsType<Ok>(await StatusAsync(Form(callId, caller, ("CallStatus", "completed"), ("CallDuration", "42"))));

        var ended = Assert.Single(await H.CallLog.RecentAsync(10));
        Assert.Equal((Provider, callId, "completed", 42, "en", false), (ended.Provider, ended.CallId, ended.Status, ended.DurationSeconds,
            ended.Language, ended.Transferred));
        Assert.Contains(ended.Path, p => p.StartsWith(Core.Content.MenuNodes.Home + ":"));
        Assert.DoesNotContain(caller, ended.Phone);
        var line = Assert.Single(H.Logs.GetSnapshot(), r => r.Message.Contains("ended"));
        Assert.DoesNotContain(caller, line.Message);
    }

    [Fact]
    public async Task A_webhook_without_a_call_sid_is_refused_and_nothing_is_stored()
    {
        var form = Form("", "+254733000111");
        form.Remove("CallSid");
        var result = Assert.IsType<ContentHttpResult>(await AnswerAsync(Base, form));
        Assert.Equal((400, "missing field(s): CallSid"), (result.StatusCode, result.ResponseContent));
        Assert.Equal(0, await H.CallsStartedTodayAsync());
    }

    [Fact]
    public async Task A_withheld_number_is_no_number_and_a_status_needs_the_waiting_card()
    {
        var callId = NewCallId();
        var said = Said(await CallAsync(callId, "anonymous", "English", "Document status", "National ID", EngineHarness.ReadyId.Number, "1"));
        Assert.Null((await H.Dialog.FindAsync(Provider, callId))!.Msisdn);
        Assert.DoesNotContain(EngineHarness.ReadyId.HolderName, said);
        Assert.Contains(ShippedContent.Load().Nodes["status.reference"].Text!.En!, said);
    }
}
