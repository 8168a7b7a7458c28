using System.Xml.Linq;
using Huduma.Contact.Core.Messaging;
using Huduma.Contact.Sms.Twilio;
using Huduma.Contact.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Huduma.Contact.Sms.Tests;

/// <summary>
/// Twilio's SMS webhooks as it sends them (docs/protocols/twilio.md), each given to its endpoint's handler
/// without the host (the signature is the host's filter's): the status and TwiML Twilio gets back, and what was
/// stored — the message marked answered, the status on the sent message, nothing at all after a 400.
/// </summary>
public sealed class TwilioSmsRequestTests : IDisposable
{
    private const string Inbound = "https://huduma.example.go.ke/sms/twilio/inbound";
    private const string Status = "https://huduma.example.go.ke/sms/twilio/status";
    private const string Phone = "+254722000111";
    private const string Account = "AC00000000000000000000000000000001";

    private readonly SmsHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>An incoming message as Twilio posts it, with every field it sends; <paramref name="replace"/> changes or (null) drops fields.</summary>
    private static string Message(string sid, params (string Key, string? Value)[] replace)
    {
        var form = new Dictionary<string, string>
        {
            ["ToCountry"] = "KE", ["ToState"] = "", ["SmsMessageSid"] = sid, ["NumMedia"] = "0", ["ToCity"] = "", ["FromZip"] = "", ["SmsSid"] = sid,
            ["FromState"] = "", ["SmsStatus"] = "received", ["FromCity"] = "", ["Body"] = "HELP", ["FromCountry"] = "KE", ["To"] = "+254700001919",
            ["MessagingServiceSid"] = "", ["ToZip"] = "", ["NumSegments"] = "1", ["MessageSid"] = sid, ["AccountSid"] = Account, ["From"] = Phone,
            ["ApiVersion"] = "2010-04-01",
        };
        foreach (var (key, value) in replace)
            if (value is null) form.Remove(key); else form[key] = value;
        return new FormUrlEncodedContent(form).ReadAsStringAsync().GetAwaiter().GetResult();
    }

    /// <summary>An incoming SMS: the body, the status, and the TwiML reply's words or the refusal (null reply: nothing stored).</summary>
    public static TheoryData<string, int, string> Messages => new()
    {
        { Message("SM0a1b2c3d4e5f60718293a4b5c6d7e8f9"), 200, "Send: ID" },
        { Message("SM0a1b2c3d4e5f60718293a4b5c6d7e8fa", ("Body", "msaada")), 200, "Tuma: KITAMBULISHO" },
        { Message("SM1", ("MessageSid", null)), 400, "missing field(s): MessageSid" },
        { Message("SM2", ("From", "junk")), 400, "From is not a valid phone number" },
        { Message("SM3", ("From", null)), 400, "missing field(s): From" },
        { Message("", ("From", "anonymous")), 400, "missing field(s): MessageSid; From is not a valid phone number" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task An_incoming_sms_is_answered_in_TwiML_and_marked_or_refused_with_every_bad_field_named_and_nothing_stored(string body, int status,
        string answer)
    {
        var (gotStatus, gotBody) = ProviderAnswer.Of(await TwilioSms.ReceiveInbound(ProviderRequest.FormPost(Inbound, body), _h.Inbox, CancellationToken.None));

        Assert.Equal(status, gotStatus);
        if (status != 200)
        {
            Assert.Equal(answer, gotBody);
            Assert.Empty(_h.Store.Written);
            return;
        }
        Assert.Contains(answer, XDocument.Parse(gotBody).Root!.Element("Message")!.Value);
        var sid = System.Web.HttpUtility.ParseQueryString(body)["MessageSid"];
        Assert.Contains($"sms:seen:{TwilioSms.Provider}:{sid}", _h.Store.Written);
        Assert.Empty(await _h.Queue.ReadAsync("test", 10));   // Twilio takes the reply in its answer
    }

    /// <summary>A status callback for a reply sent as SMsent: the body's status fields, the status and answer, the reply's status and error after it.</summary>
    public static TheoryData<string, int, string, SmsDeliveryStatus, string?> Reports => new()
    {
        { $"SmsSid=SMsent&SmsStatus=delivered&MessageStatus=delivered&To=%2B254722000111&MessageSid=SMsent&AccountSid={Account}&From=%2B254700001919&ApiVersion=2010-04-01",
            200, "", SmsDeliveryStatus.Delivered, null },
        { $"ErrorCode=30003&SmsSid=SMsent&SmsStatus=undelivered&MessageStatus=undelivered&To=%2B254722000111&MessageSid=SMsent&AccountSid={Account}&From=%2B254700001919&ApiVersion=2010-04-01",
            200, "", SmsDeliveryStatus.Failed, "Twilio error 30003" },
        { $"SmsStatus=delivered&MessageStatus=delivered&To=%2B254722000111&AccountSid={Account}", 400, "missing field(s): MessageSid", SmsDeliveryStatus.Sent, null },
        { $"MessageStatus=lost&To=%2B254722000111&MessageSid=SMsent&AccountSid={Account}", 400, "unknown MessageStatus 'lost'", SmsDeliveryStatus.Sent, null },
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_status_callback_moves_the_sent_reply_on_or_is_refused_and_nothing_stored(string body, int status, string answer,
        SmsDeliveryStatus after, string? error)
    {
        var sent = await _h.SentAsync(TwilioSms.Provider, "SMsent", Phone);
        var writes = _h.Store.Written.Count;

        var result = await TwilioSms.ReceiveStatus(ProviderRequest.FormPost(Status, body), _h.Outbox, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.Equal((status, answer), ProviderAnswer.Of(result));
        var stored = await _h.Outbox.GetAsync(sent.Id);
        Assert.Equal((after, error), (stored!.Status, stored.Error));
        if (status != 200) Assert.Equal(writes, _h.Store.Written.Count);
    }
}
