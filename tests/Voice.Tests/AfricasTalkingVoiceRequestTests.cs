using System.Web;
using Huduma.Contact.TestSupport;
using Huduma.Contact.Voice.AfricasTalking;

namespace Huduma.Contact.Voice.Tests;

/// <summary>
/// Africa's Talking Voice callbacks as it sends them (docs/protocols/africastalking.md, Voice), given to the
/// handler of POST /voice/africastalking without the host: the status and start of the answer AT gets, and what
/// was stored — the call, the ended call's record, or nothing at all after a 400.
/// </summary>
public sealed class AfricasTalkingVoiceRequestTests : IDisposable
{
    private const string Endpoint = VoiceHarness.PublicBase + "/voice/africastalking?token=at-voice-secret";
    private readonly VoiceHarness _h = new();

    public void Dispose() => _h.Dispose();

    public static TheoryData<string, int, string, VoiceStored?> Callbacks => new()
    {
        { "isActive=1&sessionId=ATVId_0b7c41&direction=Inbound&callerNumber=%2B254722000111&destinationNumber=%2B254711082919", 200,
            "<Response><GetDigits", VoiceStored.Call("+254722000111") },
        // A number as some networks give it, and a caller who withholds theirs: the call goes on, unverified.
        { "isActive=1&sessionId=ATVId_0b7c42&direction=Inbound&callerNumber=0722000111&destinationNumber=%2B254711082919", 200,
            "<Response><GetDigits", VoiceStored.Call("+254722000111") },
        { "isActive=1&sessionId=ATVId_0b7c43&direction=Inbound&callerNumber=anonymous&destinationNumber=%2B254711082919", 200,
            "<Response><GetDigits", VoiceStored.Call(null) },
        { "isActive=0&sessionId=ATVId_0b7c44&direction=Inbound&callerNumber=%2B254722000111&destinationNumber=%2B254711082919"
          + "&durationInSeconds=95&currencyCode=KES&amount=0.5000&hangupCause=NORMAL_CLEARING", 200, "<Response />",
            VoiceStored.Ended("NORMAL_CLEARING", 95) },
        { "isActive=0&sessionId=ATVId_0b7c45&direction=Inbound&callerNumber=%2B254722000111&durationInSeconds=&status=Aborted", 200, "<Response />",
            VoiceStored.Ended("Aborted", null) },
        { "isActive=1&direction=Inbound&callerNumber=%2B254722000111&destinationNumber=%2B254711082919&dtmfDigits=1", 400,
            "missing field(s): sessionId", null },
        { "isActive=1&sessionId=++&direction=Inbound&callerNumber=%2B254722000111", 400, "missing field(s): sessionId", null },
        { $"isActive=1&sessionId={new string('7', 129)}&direction=Inbound&callerNumber=%2B254722000111", 400, "sessionId is too long", null },
    };

    [Theory]
    [MemberData(nameof(Callbacks))]
    public async Task A_callback_is_answered_and_stored_or_refused_and_nothing_stored(string body, int status, string answer, VoiceStored? stored)
    {
        var result = await AfricasTalkingVoice.Callback(ProviderRequest.FormPost(Endpoint, body), _h.Dialog, _h.CallLog, _h.Options, _h.Audio,
            _h.Configuration, _h.Loggers, CancellationToken.None);

        var (gotStatus, gotBody) = ProviderAnswer.Of(result);
        Assert.Equal(status, gotStatus);
        Assert.StartsWith(answer, gotBody);
        await VoiceStored.AssertAsync(stored, _h, AfricasTalkingVoice.Provider, HttpUtility.ParseQueryString(body)["sessionId"]);
    }
}
