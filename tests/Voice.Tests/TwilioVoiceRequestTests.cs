using System.Web;
using Huduma.Contact.TestSupport;
using Huduma.Contact.Voice.Twilio;

namespace Huduma.Contact.Voice.Tests;

/// <summary>
/// Twilio Voice webhooks as Twilio sends them (docs/protocols/twilio.md, Voice), given to the handlers of POST
/// /voice/twilio (and /gather) and /voice/twilio/status without the host (the signature is the host's filter's):
/// the status and start of the TwiML, and what was stored — the call, the ended call's record, or nothing after a 400.
/// </summary>
public sealed class TwilioVoiceRequestTests : IDisposable
{
    private const string Base = VoiceHarness.PublicBase + "/voice/twilio";
    private const string Account = "AC00000000000000000000000000000007";
    private readonly VoiceHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>A webhook with the fields Twilio sends on every call request; <paramref name="extra"/> is appended as given.</summary>
    private static string Call(string callSid, string from, string status, string extra = "") =>
        $"Called=%2B254700001919&ToState=&CallerCountry=KE&Direction=inbound&CallerState=&ToZip=&CallSid={callSid}&To=%2B254700001919"
        + $"&CallerZip=&ToCountry=KE&CallToken=&CalledZip=&ApiVersion=2010-04-01&CalledCity=&CallStatus={status}&From={from}"
        + $"&AccountSid={Account}&CalledCountry=KE&CallerCity=&ToCity=&FromCountry=KE&Caller={from}&FromCity=&CalledState=&FromZip=&FromState={extra}";

    public static TheoryData<string, string, int, string, VoiceStored?> Webhooks => new()
    {
        { "", Call("CA5f0c1e2d3b4a59687766554433221100", "%2B254722000111", "ringing"), 200, "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            VoiceStored.Call("+254722000111") },
        { "/gather", Call("CA5f0c1e2d3b4a59687766554433221101", "%2B254722000111", "in-progress", "&Digits=1&FinishedOnKey="), 200,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>", VoiceStored.Call("+254722000111") },
        { "", Call("CA5f0c1e2d3b4a59687766554433221102", "anonymous", "ringing"), 200, "<?xml version=\"1.0\" encoding=\"utf-8\"?>", VoiceStored.Call(null) },
        { "/status", Call("CA5f0c1e2d3b4a59687766554433221103", "%2B254722000111", "completed", "&CallDuration=42&Timestamp=Wed%2C+25+Nov+2026+07%3A02%3A00+%2B0000"
          + "&CallbackSource=call-progress-events&SequenceNumber=0"), 200, "", VoiceStored.Ended("completed", 42) },
        { "/status", Call("CA5f0c1e2d3b4a59687766554433221104", "%2B254722000111", "no-answer"), 200, "", VoiceStored.Ended("no-answer", null) },
        { "", Call("", "%2B254722000111", "ringing"), 400, "missing field(s): CallSid", null },
        { "/gather", Call("CA" + new string('0', 63), "%2B254722000111", "in-progress", "&Digits=1"), 400, "CallSid is too long", null },
        { "/status", Call("", "%2B254722000111", "completed", "&CallDuration=42"), 400, "missing field(s): CallSid", null },
    };

    [Theory]
    [MemberData(nameof(Webhooks))]
    public async Task A_webhook_is_answered_and_stored_or_refused_and_nothing_stored(string path, string body, int status, string answer, VoiceStored? stored)
    {
        var request = ProviderRequest.FormPost(Base + path, body);
        var result = path == "/status"
            ? await TwilioVoice.Status(request, _h.CallLog, _h.Loggers, CancellationToken.None)
            : await TwilioVoice.Answer(request, _h.Dialog, _h.Options, _h.Audio, _h.Loggers, CancellationToken.None);

        var (gotStatus, gotBody) = ProviderAnswer.Of(result);
        Assert.Equal(status, gotStatus);
        Assert.StartsWith(answer, gotBody);
        await VoiceStored.AssertAsync(stored, _h, TwilioVoice.Provider, HttpUtility.ParseQueryString(body)["CallSid"]);
    }
}
